#!/usr/bin/python3
# make-schedules.py: reference learning rates from torch.optim.lr_scheduler, in float64
#
# Writes schedules.txt next to this script (read by tests/test-schedule.c).  Every schedule is
# stepped the way PyTorch users step it once per update: scheduler.step() without an epoch, i.e.
# the recursive (chainable) get_lr() formulas; ReduceLROnPlateau gets scheduler.step(metric).
# "warmup=N" is torch.optim.lr_scheduler.LinearLR(start_factor=1/N, end_factor=1,
# total_iters=N-1) on a second optimizer whose lr is 1; the recorded lr is the product of both.
#
# Needs Debian's python3-torch (1.13).  Run it from anywhere:  /usr/bin/python3 make-schedules.py
# The output is deterministic; re-running it must leave the committed file unchanged.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import math
import pathlib
import warnings

import torch
from torch.optim import lr_scheduler as S

torch.set_default_dtype(torch.float64)
warnings.filterwarnings('ignore')

HERE = pathlib.Path(__file__).resolve().parent

AUTO = 'auto'

# The same names, keys and defaults as src/core/lr-schedule.c ("auto": derived, see resolve()).
DEFAULTS = {
    'constant': {},
    'step': dict(step_size=30, gamma=0.1),
    'multistep': dict(milestones=[30, 80], gamma=0.1),
    'exponential': dict(gamma=0.99),
    'cosine': dict(T_max=AUTO, eta_min=0.0),
    'cosine_restarts': dict(T_0=AUTO, T_mult=1, eta_min=0.0),
    'linear': dict(start_factor=1.0 / 3, end_factor=1.0, total_iters=5),
    'onecycle': dict(max_lr=AUTO, total_steps=AUTO, pct_start=0.3, anneal_strategy='cos',
                     div_factor=25.0, final_div_factor=1e4, three_phase=False,
                     cycle_momentum=False, base_momentum=0.85, max_momentum=0.95),
    'cyclic': dict(base_lr=AUTO, max_lr=AUTO, step_size_up=2000, step_size_down=AUTO,
                   mode='triangular', gamma=1.0, cycle_momentum=False, base_momentum=0.8,
                   max_momentum=0.9),
    'plateau': dict(mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel',
                    cooldown=0, min_lr=0.0, eps=1e-8),
}
INT_KEYS = {'step_size', 'T_max', 'T_0', 'T_mult', 'total_iters', 'total_steps', 'step_size_up',
            'step_size_down', 'patience', 'cooldown', 'warmup'}


def parse_spec(text):
    name, _, rest = text.partition(':')
    opts = dict(DEFAULTS[name])
    opts['warmup'] = 0
    for item in filter(None, rest.split(',')):
        key, _, value = item.partition('=')
        if key not in opts:
            raise ValueError('unknown key %s for %s' % (key, name))
        default = DEFAULTS[name].get(key, 0)
        if value == AUTO:
            opts[key] = AUTO
        elif key == 'milestones':
            opts[key] = [int(v) for v in value.split('/')]
        elif isinstance(default, bool):
            opts[key] = value == 'true'
        elif key in ('anneal_strategy', 'mode', 'threshold_mode'):
            opts[key] = value
        elif key in INT_KEYS:
            opts[key] = int(value)
        else:
            opts[key] = float(value)
    return name, opts


def make_scheduler(opt, name, o, base_lr, n_steps):
    if name == 'constant':
        return None
    if name == 'step':
        return S.StepLR(opt, step_size=o['step_size'], gamma=o['gamma'])
    if name == 'multistep':
        return S.MultiStepLR(opt, milestones=o['milestones'], gamma=o['gamma'])
    if name == 'exponential':
        return S.ExponentialLR(opt, gamma=o['gamma'])
    if name == 'cosine':
        t_max = max(1, n_steps) if o['T_max'] == AUTO else o['T_max']
        return S.CosineAnnealingLR(opt, T_max=t_max, eta_min=o['eta_min'])
    if name == 'cosine_restarts':
        t_0 = max(1, n_steps // 4) if o['T_0'] == AUTO else o['T_0']
        return S.CosineAnnealingWarmRestarts(opt, T_0=t_0, T_mult=o['T_mult'],
                                             eta_min=o['eta_min'])
    if name == 'linear':
        return S.LinearLR(opt, start_factor=o['start_factor'], end_factor=o['end_factor'],
                          total_iters=o['total_iters'])
    if name == 'onecycle':
        return S.OneCycleLR(opt,
                            max_lr=base_lr if o['max_lr'] == AUTO else o['max_lr'],
                            total_steps=n_steps if o['total_steps'] == AUTO else o['total_steps'],
                            pct_start=o['pct_start'], anneal_strategy=o['anneal_strategy'],
                            cycle_momentum=o['cycle_momentum'],
                            base_momentum=o['base_momentum'], max_momentum=o['max_momentum'],
                            div_factor=o['div_factor'], final_div_factor=o['final_div_factor'],
                            three_phase=o['three_phase'])
    if name == 'cyclic':
        lo = base_lr if o['base_lr'] == AUTO else o['base_lr']
        hi = 10 * lo if o['max_lr'] == AUTO else o['max_lr']
        up = o['step_size_up']
        down = up if o['step_size_down'] == AUTO else o['step_size_down']
        return S.CyclicLR(opt, base_lr=lo, max_lr=hi, step_size_up=up, step_size_down=down,
                          mode=o['mode'], gamma=o['gamma'], cycle_momentum=o['cycle_momentum'],
                          base_momentum=o['base_momentum'], max_momentum=o['max_momentum'])
    if name == 'plateau':
        return S.ReduceLROnPlateau(opt, mode=o['mode'], factor=o['factor'],
                                   patience=o['patience'], threshold=o['threshold'],
                                   threshold_mode=o['threshold_mode'], cooldown=o['cooldown'],
                                   min_lr=o['min_lr'], eps=o['eps'])
    raise AssertionError(name)


def make_optimizer(lr, momentum, adam):
    p = [torch.zeros(1, requires_grad=True)]
    if adam:
        return torch.optim.Adam(p, lr=lr, betas=(momentum, 0.999))
    # SGD always has a 'momentum' entry; -1 (no momentum) runs as plain SGD.
    return torch.optim.SGD(p, lr=lr, momentum=max(momentum, 0.0))


def group_momentum(opt):
    group = opt.param_groups[0]
    return group['betas'][0] if 'betas' in group else group['momentum']


def run(spec, base_lr, base_momentum, n_steps, n_updates, metrics=None, adam=False):
    name, o = parse_spec(spec)
    opt = make_optimizer(base_lr, base_momentum, adam)
    sched = make_scheduler(opt, name, o, base_lr, n_steps)
    warm = None
    if o['warmup'] > 0:
        n = o['warmup']
        opt_w = make_optimizer(1.0, 0.0, False)
        warm = S.LinearLR(opt_w, start_factor=1.0 / n, end_factor=1.0, total_iters=n - 1)
    cycles = bool(o.get('cycle_momentum'))
    rows = []
    for k in range(n_updates):
        lr = opt.param_groups[0]['lr']
        if warm is not None:
            lr *= opt_w.param_groups[0]['lr']
        rows.append((lr, group_momentum(opt) if cycles else None))
        if k == n_updates - 1:
            break    # OneCycleLR raises when stepped past total_steps
        # The update itself changes nothing here; the schedules are stepped after it.
        if sched is not None:
            if name == 'plateau':
                sched.step(metrics[k])
            else:
                sched.step()
        if warm is not None:
            warm.step()
    return rows


def fmt(x):
    return '%.17g' % x


# Scripted losses for ReduceLROnPlateau: falling, flat, noisy, rising.
def metric_falling_then_flat(n):
    return [1.0 / (1 + k) if k < 20 else 0.05 for k in range(n)]


def metric_noisy(n):
    return [1.0 / (1 + 0.1 * k) + 0.05 * math.sin(1.7 * k) for k in range(n)]


def metric_steps(n):
    # drops by 0.04 every 5 updates, then small wiggles
    return [1.0 - 0.04 * (k // 5) + 0.001 * ((k * 7) % 3) if k < 60 else 0.5 for k in range(n)]


def metric_rising(n):
    return [min(k, 25) * 0.1 + 0.02 * ((k * 5) % 4) for k in range(n)]


def metric_slow(n):
    # improves by 1e-5 relative per update: below threshold=1e-4 (rel)
    return [1.0 * (1 - 1e-5) ** k for k in range(n)]


# (spec, base_lr, base_momentum, n_steps, n_updates, metric function or None, adam)
CONFIGS = [
    ('constant', 0.1, -1, 20, 20, None, False),
    ('step', 0.1, -1, 100, 100, None, False),
    ('step:step_size=7,gamma=0.5', 0.05, -1, 50, 50, None, False),
    ('step:step_size=1,gamma=0.9', 1.0, -1, 30, 30, None, False),
    ('multistep', 0.1, -1, 120, 120, None, False),
    ('multistep:milestones=3/10/11,gamma=0.3', 0.2, -1, 20, 20, None, False),
    ('exponential', 0.01, -1, 200, 200, None, False),
    ('exponential:gamma=0.9', 0.5, 0.9, 60, 60, None, False),
    ('cosine', 0.1, -1, 100, 100, None, False),
    ('cosine:T_max=20,eta_min=0.01', 0.1, -1, 90, 90, None, False),
    ('cosine:T_max=1', 0.3, -1, 10, 10, None, False),
    ('cosine:T_max=7,eta_min=0.002', 0.05, -1, 500, 500, None, False),
    ('cosine_restarts', 0.1, -1, 100, 100, None, False),
    ('cosine_restarts:T_0=5,T_mult=2,eta_min=0.001', 0.1, -1, 160, 160, None, False),
    ('cosine_restarts:T_0=10', 0.02, -1, 50, 50, None, False),
    ('cosine_restarts:T_0=3,T_mult=3,eta_min=0.0001', 1.0, -1, 130, 130, None, False),
    ('linear', 0.1, -1, 20, 20, None, False),
    ('linear:start_factor=0.1,end_factor=0.5,total_iters=30', 0.1, -1, 50, 50, None, False),
    ('linear:start_factor=1,end_factor=0,total_iters=10', 0.1, -1, 20, 20, None, False),
    ('onecycle', 0.1, 0.9, 100, 101, None, False),
    ('onecycle:max_lr=0.5,total_steps=50,pct_start=0.25,anneal_strategy=linear', 0.1, -1, 200,
     51, None, False),
    ('onecycle:total_steps=60,three_phase=true', 0.01, -1, 60, 61, None, False),
    ('onecycle:total_steps=40,anneal_strategy=linear,div_factor=10,final_div_factor=100,'
     'three_phase=true', 0.2, -1, 40, 41, None, False),
    ('onecycle:cycle_momentum=true', 0.1, 0.9, 100, 101, None, False),
    ('onecycle:max_lr=0.01,cycle_momentum=true,base_momentum=0.8,max_momentum=0.99,'
     'three_phase=true', 0.001, 0.9, 80, 81, None, True),
    ('onecycle:total_steps=3', 0.1, -1, 3, 4, None, False),
    ('onecycle:total_steps=1', 0.1, -1, 1, 2, None, False),
    ('cyclic:step_size_up=10', 0.01, -1, 60, 60, None, False),
    ('cyclic:step_size_up=5,step_size_down=15,mode=triangular2', 0.01, -1, 100, 100, None, False),
    ('cyclic:base_lr=0.001,max_lr=0.1,step_size_up=8,step_size_down=4,mode=exp_range,gamma=0.98',
     0.05, -1, 100, 100, None, False),
    ('cyclic', 0.001, -1, 500, 500, None, False),
    ('cyclic:step_size_up=10,mode=triangular2,cycle_momentum=true', 0.01, 0.9, 80, 80, None,
     False),
    ('cyclic:step_size_up=6,step_size_down=9,mode=exp_range,gamma=0.99,cycle_momentum=true,'
     'base_momentum=0.7,max_momentum=0.95', 0.01, 0.9, 80, 80, None, False),
    ('plateau', 0.1, -1, 80, 80, metric_falling_then_flat, False),
    ('plateau:factor=0.5,patience=2', 0.1, -1, 100, 100, metric_noisy, False),
    ('plateau:patience=3,threshold=0.05,threshold_mode=abs', 0.1, -1, 90, 90, metric_steps,
     False),
    ('plateau:patience=3,threshold=0.01', 0.1, -1, 90, 90, metric_steps, False),
    ('plateau:mode=max,factor=0.3,patience=2', 0.1, -1, 60, 60, metric_rising, False),
    ('plateau:factor=0.5,patience=1,cooldown=3,min_lr=0.002', 0.1, -1, 80, 80,
     metric_falling_then_flat, False),
    ('plateau:factor=0.5,patience=0,eps=0.01', 0.1, -1, 30, 30, metric_falling_then_flat, False),
    ('plateau:mode=max,patience=0,threshold=0.1,threshold_mode=abs,cooldown=2', 0.1, -1, 60, 60,
     metric_rising, False),
    ('plateau:patience=4', 0.1, -1, 60, 60, metric_slow, False),
    ('plateau:patience=2,warmup=6', 0.1, -1, 60, 60, metric_noisy, False),
    ('constant:warmup=20', 0.1, -1, 30, 30, None, False),
    ('step:step_size=10,warmup=5', 0.1, -1, 40, 40, None, False),
    ('multistep:milestones=5/15,warmup=10', 0.1, -1, 30, 30, None, False),
    ('exponential:gamma=0.95,warmup=1', 0.1, -1, 10, 10, None, False),
    ('cosine:warmup=10', 0.1, -1, 100, 100, None, False),
    ('cosine_restarts:T_0=7,T_mult=3,warmup=4', 0.1, -1, 120, 120, None, False),
    ('linear:warmup=3', 0.1, -1, 12, 12, None, False),
    ('onecycle:total_steps=50,warmup=8', 0.1, -1, 50, 51, None, False),
    ('cyclic:step_size_up=5,cycle_momentum=true,warmup=7', 0.01, 0.9, 40, 40, None, False),
]


def main():
    out = [
        '# schedules.txt: torch.optim.lr_scheduler reference values (written by make-schedules.py;'
        ' do not edit)',
        '# torch %s, float64; scheduler.step() once per update (ReduceLROnPlateau: step(metric))'
        % torch.__version__,
        '# Per configuration:',
        '#   config SPEC',
        '#   base_lr X          (the optimizer\'s lr)',
        '#   base_momentum X    (its momentum or beta1, -1 if none)',
        '#   n_steps N          (the run length, for "auto" keys)',
        '#   optimizer sgd|adam (adam: the momentum column is beta1)',
        '#   metrics M_0 ... M_{K-1}   (plateau only: observed after update k)',
        '#   update k LR [MOMENTUM]    (k = 0, 1, ...: the lr, and the cycled momentum when',
        '#                              cycle_momentum=true, in force for update k)',
        '#   end',
    ]
    for spec, base_lr, base_mom, n_steps, n_updates, metric_fn, adam in CONFIGS:
        metrics = metric_fn(n_updates) if metric_fn else None
        rows = run(spec, base_lr, base_mom, n_steps, n_updates, metrics, adam)
        out.append('config ' + spec)
        out.append('base_lr ' + fmt(base_lr))
        out.append('base_momentum ' + fmt(base_mom))
        out.append('n_steps %d' % n_steps)
        out.append('optimizer ' + ('adam' if adam else 'sgd'))
        if metrics is not None:
            out.append('metrics ' + ' '.join(fmt(m) for m in metrics))
        for k, (lr, mom) in enumerate(rows):
            out.append('update %d %s%s' % (k, fmt(lr), '' if mom is None else ' ' + fmt(mom)))
        out.append('end')
    (HERE / 'schedules.txt').write_text('\n'.join(out) + '\n')
    print('wrote %s: %d configurations' % (HERE / 'schedules.txt', len(CONFIGS)))


if __name__ == '__main__':
    main()
