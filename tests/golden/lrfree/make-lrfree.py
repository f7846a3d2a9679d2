#!/usr/bin/python3
# make-lrfree.py: more reference trajectories for Prodigy, D-Adaptation, DoG, Schedule-Free,
# Lion and wsd, from their authors' PyTorch code in float64
#
# Writes, next to this script, generated/NAME.csv (the `lrlab-cli trajectory --format csv`
# rows) and CONFIGS-generated.tsv (one line per file, as CONFIGS.tsv); test-lrfree.c reads
# both.  Non-default keys, several surfaces including formulas, each warm-up and decay type of
# wsd, and the new optimizers under existing schedules.
#
# Needs Debian's python3-torch (1.13) and a directory AUTHORS holding the authors' files at
# these commits (not part of this project):
#   prodigy.py                      konstmish/prodigy 3efb213ee8af5a6bf76f28726398433a847b38e9
#                                   prodigyopt/prodigy.py
#   dadapt_sgd.py, dadapt_adam.py   facebookresearch/dadaptation
#                                   c984980213a989ff7cac1e3d68c19a2257bcd571 dadaptation/
#   dog.py                          formll/dog 8d45cf569e3824212852d31cc2ae1da7ead34545 src/dog/
#   sgd_schedulefree_reference.py,  facebookresearch/schedule_free
#   adamw_schedulefree_reference.py 70785b53e778d0e872c0bbb75ff4ee54ee10c291 schedulefree/
#   lion_pytorch.py                 lucidrains/lion-pytorch
#                                   6a74fdc0ba572ab5683dc0270c66c20ecbc02d09 lion_pytorch/
# e.g. `git -C prodigy show 3efb213ee8af:prodigyopt/prodigy.py > AUTHORS/prodigy.py`.
#
#   /usr/bin/python3 make-lrfree.py AUTHORS
#
# Surfaces, the torch.optim schedules and the float64 set-up come from ../make-golden.py.  The
# wsd factor is written here from its definition (transformers' get_wsd_schedule, see
# README.md); a Schedule-Free row holds the average x (optimizer.eval()) and each update uses
# the gradient at y (optimizer.train()).  The output is deterministic.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import math
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = load(HERE.parent / 'make-golden.py', 'make_golden')   # sets float64, portable kernels
torch = golden.torch

# --------------------------------------------------------------------------------------------
# Specs: the names, keys and defaults of src/core/lr-optimizer-lrfree.c

INF = math.inf
DEFAULTS = {
    'prodigy': dict(lr=1.0, beta1=0.9, beta2=0.999, beta3=None, eps=1e-8, weight_decay=0.0,
                    decouple=True, use_bias_correction=False, safeguard_warmup=False, d0=1e-6,
                    d_coef=1.0, growth_rate=INF),
    'dadapt_sgd': dict(lr=1.0, momentum=0.0, weight_decay=0.0, d0=1e-6, growth_rate=INF),
    'dadapt_adam': dict(lr=1.0, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0,
                        decouple=False, use_bias_correction=False, d0=1e-6, growth_rate=INF),
    'dog': dict(lr=1.0, reps_rel=1e-6, eps=1e-8, weight_decay=0.0),
    'sgd_schedulefree': dict(lr=1.0, momentum=0.9, weight_decay=0.0, warmup_steps=0.0, r=0.0,
                             weight_lr_power=2.0),
    'adamw_schedulefree': dict(lr=0.0025, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0,
                               warmup_steps=0.0, r=0.0, weight_lr_power=2.0),
    'lion': dict(lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0),
}
golden.DEFAULTS.update(DEFAULTS)     # one spec parser for both scripts


def make_optimizer(authors, p, text):
    name = text.partition(':')[0]
    if name not in DEFAULTS:
        return golden.make_optimizer([p], text)
    name, o = golden.parse_spec(text)
    betas = (o.get('beta1'), o.get('beta2'))
    if name == 'prodigy':
        return authors['prodigy'].Prodigy(
            [p], lr=o['lr'], betas=betas, beta3=o['beta3'], eps=o['eps'],
            weight_decay=o['weight_decay'], decouple=o['decouple'],
            use_bias_correction=o['use_bias_correction'], safeguard_warmup=o['safeguard_warmup'],
            d0=o['d0'], d_coef=o['d_coef'], growth_rate=o['growth_rate'])
    if name == 'dadapt_sgd':
        return authors['dadapt_sgd'].DAdaptSGD(
            [p], lr=o['lr'], momentum=o['momentum'], weight_decay=o['weight_decay'], d0=o['d0'],
            growth_rate=o['growth_rate'])
    if name == 'dadapt_adam':
        return authors['dadapt_adam'].DAdaptAdam(
            [p], lr=o['lr'], betas=betas, eps=o['eps'], weight_decay=o['weight_decay'],
            decouple=o['decouple'], use_bias_correction=o['use_bias_correction'], d0=o['d0'],
            growth_rate=o['growth_rate'])
    if name == 'dog':
        return authors['dog'].DoG([p], reps_rel=o['reps_rel'], lr=o['lr'],
                                  weight_decay=o['weight_decay'], eps=o['eps'])
    if name == 'sgd_schedulefree':
        return authors['sgd_schedulefree_reference'].SGDScheduleFreeReference(
            [p], lr=o['lr'], momentum=o['momentum'], weight_decay=o['weight_decay'],
            warmup_steps=o['warmup_steps'], r=o['r'], weight_lr_power=o['weight_lr_power'])
    if name == 'adamw_schedulefree':
        return authors['adamw_schedulefree_reference'].AdamWScheduleFreeReference(
            [p], lr=o['lr'], betas=betas, eps=o['eps'], weight_decay=o['weight_decay'],
            warmup_steps=o['warmup_steps'], r=o['r'], weight_lr_power=o['weight_lr_power'])
    return authors['lion_pytorch'].Lion([p], lr=o['lr'], betas=betas,
                                        weight_decay=o['weight_decay'])


# --------------------------------------------------------------------------------------------
# wsd, from its definition

WSD_DEFAULTS = dict(warmup_steps=0, warmup_type='linear', decay_type='cosine', min_lr_ratio=0.0,
                    num_cycles=0.5)


def wsd_factor(k, w, s, d, warmup_type, decay_type, m, num_cycles):
    if k < w:
        progress = float(k) / float(max(1, w))
        if warmup_type == 'linear':
            factor = progress
        elif warmup_type == 'cosine':
            factor = 0.5 * (1.0 - math.cos(math.pi * progress))
        else:
            factor = 1.0 - math.sqrt(1.0 - progress)
        return max(0.0, factor * (1.0 - m) + m)
    if k < w + s:
        return 1.0
    if k < w + s + d:
        progress = float(k - w - s) / float(max(1, d))
        if decay_type == 'linear':
            factor = 1.0 - progress
        elif decay_type == 'cosine':
            factor = 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress))
        else:
            factor = 1.0 - math.sqrt(progress)
        return max(0.0, factor * (1.0 - m) + m)
    return m


def make_schedule(opt, text):
    if text is None or not text.startswith('wsd:'):
        return golden.make_schedule(opt, text)
    a = dict(WSD_DEFAULTS)
    for item in text[len('wsd:'):].split(','):
        key, _, value = item.partition('=')
        a[key] = value if key.endswith('_type') else float(value)
    w, s, d = int(a['warmup_steps']), int(a['stable_steps']), int(a['decay_steps'])
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: wsd_factor(k, w, s, d, a['warmup_type'], a['decay_type'],
                                  a['min_lr_ratio'], a['num_cycles']))


# --------------------------------------------------------------------------------------------
# Runs

F1 = 'expr:(x-1)^2+2*(y+0.5)^2+0.5*sin(x*y)'
F2 = 'expr:log(1+(x-2)^2+3*(y-1)^2)+0.05*x^2+0.1*tanh(y)'

# (file stem, surface, optimizer, schedule or None, start, steps)
RUNS = [
    ('prodigy-himmelblau-beta1-0', 'himmelblau', 'prodigy:beta1=0,d0=0.0001,growth_rate=1.05',
     None, (0.0, 0.0), 50),
    ('prodigy-expr-l2-cosine', F1, 'prodigy:weight_decay=0.05,decouple=false,beta3=0.99',
     'cosine:T_max=200,eta_min=0.01', (-1.0, 1.0), 200),
    ('prodigy-rosenbrock-step', 'rosenbrock', 'prodigy:lr=0.5,d_coef=2', 'step:step_size=50,gamma=0.5',
     (-1.2, 1.0), 250),
    ('dadapt_sgd-booth', 'booth', 'dadapt_sgd:lr=0.5,weight_decay=0.001,growth_rate=1.5', None,
     (-4.0, 4.0), 150),
    ('dadapt_sgd-bowl-exponential', 'bowl:kappa=5,theta=30', 'dadapt_sgd:momentum=0.5,d0=0.001',
     'exponential:gamma=0.99', (2.0, 1.5), 35),
    ('dadapt_adam-six_hump_camel', 'six_hump_camel', 'dadapt_adam:beta1=0.8,beta2=0.99,eps=1e-6',
     None, (-1.0, 1.0), 100),
    ('dadapt_adam-expr-cosine', F2, 'dadapt_adam:use_bias_correction=true,weight_decay=0.01',
     'cosine:T_max=150', (-1.0, -1.0), 150),
    ('dog-himmelblau', 'himmelblau', 'dog:lr=0.8,eps=1e-6,weight_decay=0.01', None, (0.0, 0.0),
     200),
    ('dog-three_hump_camel-cosine', 'three_hump_camel', 'dog:reps_rel=0.001', 'cosine:T_max=150',
     (1.5, -1.0), 150),
    ('sgd_schedulefree-rosenbrock', 'rosenbrock:a=1,b=20',
     'sgd_schedulefree:lr=0.005,momentum=0.5,r=1,weight_lr_power=1,weight_decay=0.01', None,
     (-1.0, -0.5), 200),
    ('sgd_schedulefree-matyas-step', 'matyas', 'sgd_schedulefree:lr=0.5,warmup_steps=10',
     'step:step_size=40,gamma=0.5', (3.0, -2.0), 150),
    ('adamw_schedulefree-himmelblau', 'himmelblau',
     'adamw_schedulefree:lr=0.02,beta1=0.95,beta2=0.99,eps=1e-6,warmup_steps=30,r=0.5,'
     'weight_lr_power=1', None, (0.0, 0.0), 200),
    ('adamw_schedulefree-expr-cosine', F2, 'adamw_schedulefree:lr=0.05,weight_decay=0.05',
     'cosine:T_max=200,eta_min=0.001', (-1.0, -1.0), 200),
    ('lion-expr', F1, 'lion:lr=0.005,beta1=0.8,beta2=0.95', None, (-1.0, 1.0), 200),
    ('lion-booth-cosine', 'booth', 'lion:lr=0.02', 'cosine:T_max=200,eta_min=0.001', (-4.0, 4.0),
     200),
    ('wsd-cosine-linear-sgd', 'bowl:kappa=4', 'sgd:lr=0.05',
     'wsd:warmup_steps=15,stable_steps=50,decay_steps=30,warmup_type=cosine,decay_type=linear',
     (-4.0, 3.0), 100),
    ('wsd-1sqrt-cosine-adam', 'himmelblau', 'adam:lr=0.1',
     'wsd:warmup_steps=20,stable_steps=80,decay_steps=60,warmup_type=1-sqrt,num_cycles=0.3,'
     'min_lr_ratio=0.1', (0.0, 0.0), 180),
    ('wsd-linear-1sqrt-prodigy', 'himmelblau', 'prodigy:safeguard_warmup=true,d_coef=0.3',
     'wsd:warmup_steps=30,stable_steps=100,decay_steps=70,decay_type=1-sqrt,min_lr_ratio=0.02',
     (0.5, -1.0), 200),
    ('wsd-lion', F1, 'lion:lr=0.01,weight_decay=0.05',
     'wsd:warmup_steps=10,stable_steps=100,decay_steps=50', (-1.0, 1.0), 170),
    ('wsd-sgd_schedulefree', 'beale', 'sgd_schedulefree:lr=0.01',
     'wsd:stable_steps=100,decay_steps=100,decay_type=linear', (1.0, 1.0), 200),
]


def run(authors, surface, optimizer, schedule, start, steps):
    f = golden.surface_fn(surface)
    p = torch.tensor(start, requires_grad=True)
    opt = make_optimizer(authors, p, optimizer)
    sched = make_schedule(opt, schedule)
    schedule_free = optimizer.split(':')[0].endswith('schedulefree')
    x, y = start
    loss, gx, gy = golden.evaluate(f, x, y)
    rows = [(0, opt.param_groups[0]['lr'], x, y, loss, gx, gy)]
    at_y = (gx, gy)
    for k in range(1, steps + 1):
        lr = opt.param_groups[0]['lr']
        if schedule_free:
            opt.train()
        p.grad = torch.tensor(at_y)
        opt.step()
        if sched is not None:
            sched.step()
        if schedule_free:
            opt.eval()
        x, y = p.detach().tolist()
        loss, gx, gy = golden.evaluate(f, x, y)
        rows.append((k, lr, x, y, loss, gx, gy))
        at_y = (gx, gy)
        if schedule_free:
            opt.train()
            yx, yy = p.detach().tolist()
            _, *at_y = golden.evaluate(f, yx, yy)
        if not all(math.isfinite(v) for v in rows[-1]) or abs(x) > 1e3 or abs(y) > 1e3:
            raise ValueError('%s on %s diverges at step %d' % (optimizer, surface, k))
    if not rows[-1][4] < rows[0][4]:
        raise ValueError('%s on %s does not descend' % (optimizer, surface))
    if min(math.hypot(r[5], r[6]) for r in rows) < 1e-5:
        raise ValueError('%s on %s converges to rounding level; use fewer steps'
                         % (optimizer, surface))
    return rows


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: make-lrfree.py AUTHORS_DIR')
    src = pathlib.Path(sys.argv[1])
    authors = {name: load(src / (name + '.py'), name)
               for name in ('prodigy', 'dadapt_sgd', 'dadapt_adam', 'dog',
                            'sgd_schedulefree_reference', 'adamw_schedulefree_reference',
                            'lion_pytorch')}
    outdir = HERE / 'generated'
    outdir.mkdir(exist_ok=True)
    for old in outdir.glob('*.csv'):
        old.unlink()
    configs = ['file\tsurface optimizer schedule start steps']
    failed = []
    for stem, surface, optimizer, schedule, start, steps in RUNS:
        try:
            rows = run(authors, surface, optimizer, schedule, start, steps)
        except ValueError as e:
            failed.append(str(e))
            continue
        lines = ['step,lr,x,y,loss,grad_x,grad_y']
        for k, *values in rows:
            lines.append('%d,%s' % (k, ','.join(golden.fmt(v) for v in values)))
        (outdir / (stem + '.csv')).write_text('\n'.join(lines) + '\n')
        configs.append('generated/%s\t%s %s %s %s,%s %d' % (
            stem, surface, optimizer, schedule or '-', golden.short(start[0]),
            golden.short(start[1]), steps))
    if failed:
        sys.exit('\n'.join(failed))
    (HERE / 'CONFIGS-generated.tsv').write_text('\n'.join(configs) + '\n')
    print('wrote %d trajectories' % len(RUNS))


if __name__ == '__main__':
    main()
