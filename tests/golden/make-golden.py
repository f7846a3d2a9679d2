#!/usr/bin/python3
# make-golden.py: reference data for the optimizers, from torch.optim in float64
#
# Writes, next to this script:
#   optimizers.txt        torch.optim steps on a 5-D test function (read by test-optimizer.c)
#   trajectories/*.csv    2-D runs on the built-in surfaces, in the lrlab-cli CSV format
#
# Needs Debian's python3-torch (1.13).  Run it from anywhere:  /usr/bin/python3 make-golden.py
# The output is deterministic; re-running it must leave the committed files unchanged.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os

# torch's AVX kernels fuse a + s*b into one FMA; the portable kernels round every operation, as
# plain C does.  Both are torch; the portable ones make the data reproducible on any machine.
os.environ.setdefault('ATEN_CPU_CAPABILITY', 'default')

import math  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402

import torch  # noqa: E402

torch.set_default_dtype(torch.float64)

HERE = pathlib.Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Optimizer specs: the same names, keys and defaults as src/core/lr-optimizer.c

BETAS = dict(lr=None, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0)
DEFAULTS = {
    'sgd': dict(lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False),
    'momentum': dict(lr=0.001, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False),
    'nesterov': dict(lr=0.001, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True),
    'adagrad': dict(lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                    eps=1e-10),
    'rmsprop': dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                    centered=False),
    'adadelta': dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0),
    'adam': dict(BETAS, lr=0.001, amsgrad=False),
    'adamw': dict(BETAS, lr=0.001, weight_decay=0.01, amsgrad=False),
    'adamax': dict(BETAS, lr=0.002),
    'nadam': dict(BETAS, lr=0.002, momentum_decay=0.004),
    'radam': dict(BETAS, lr=0.001),
}


def parse_spec(text):
    name, _, rest = text.partition(':')
    if name not in DEFAULTS:
        raise ValueError('unknown optimizer ' + name)
    opts = dict(DEFAULTS[name])
    for item in filter(None, rest.split(',')):
        key, _, value = item.partition('=')
        if key not in opts:
            raise ValueError('unknown key %s for %s' % (key, name))
        if isinstance(opts[key], bool):
            opts[key] = value == 'true'
        else:
            opts[key] = float(value)
    return name, opts


def make_optimizer(params, text):
    name, o = parse_spec(text)
    betas = (o.get('beta1'), o.get('beta2'))
    if name in ('sgd', 'momentum', 'nesterov'):
        return torch.optim.SGD(params, lr=o['lr'], momentum=o['momentum'],
                               dampening=o['dampening'], weight_decay=o['weight_decay'],
                               nesterov=o['nesterov'], foreach=False)
    if name == 'adagrad':
        return torch.optim.Adagrad(params, lr=o['lr'], lr_decay=o['lr_decay'],
                                   weight_decay=o['weight_decay'],
                                   initial_accumulator_value=o['initial_accumulator_value'],
                                   eps=o['eps'], foreach=False)
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=o['lr'], alpha=o['alpha'], eps=o['eps'],
                                   weight_decay=o['weight_decay'], momentum=o['momentum'],
                                   centered=o['centered'], foreach=False)
    if name == 'adadelta':
        return torch.optim.Adadelta(params, lr=o['lr'], rho=o['rho'], eps=o['eps'],
                                    weight_decay=o['weight_decay'], foreach=False)
    if name == 'adam':
        return torch.optim.Adam(params, lr=o['lr'], betas=betas, eps=o['eps'],
                                weight_decay=o['weight_decay'], amsgrad=o['amsgrad'],
                                foreach=False)
    if name == 'adamw':
        return torch.optim.AdamW(params, lr=o['lr'], betas=betas, eps=o['eps'],
                                 weight_decay=o['weight_decay'], amsgrad=o['amsgrad'],
                                 foreach=False)
    if name == 'adamax':
        return torch.optim.Adamax(params, lr=o['lr'], betas=betas, eps=o['eps'],
                                  weight_decay=o['weight_decay'], foreach=False)
    if name == 'nadam':
        return torch.optim.NAdam(params, lr=o['lr'], betas=betas, eps=o['eps'],
                                 weight_decay=o['weight_decay'],
                                 momentum_decay=o['momentum_decay'], foreach=False)
    if name == 'radam':
        return torch.optim.RAdam(params, lr=o['lr'], betas=betas, eps=o['eps'],
                                 weight_decay=o['weight_decay'], foreach=False)
    raise AssertionError(name)


def get_momentum(opt):
    """What lr_optimizer_config_get_momentum() reports: momentum, beta1, or -1."""
    group = opt.param_groups[0]
    if 'betas' in group:
        return group['betas'][0]
    if 'momentum' in group:
        return group['momentum']
    return -1.0


def set_momentum(opt, value):
    """As torch.optim.lr_scheduler.CyclicLR / OneCycleLR do with cycle_momentum."""
    for group in opt.param_groups:
        if 'betas' in group:
            group['betas'] = (value, group['betas'][1])
        else:
            group['momentum'] = value


def fmt(x):
    return '%.17g' % x


# --------------------------------------------------------------------------------------------
# (1) optimizers.txt
#
# f(p) = sum_i c_i (p_i - t_i)^2 + 0.1 sum_i p_i^4 + p_0 p_1, in 5 dimensions; its gradient is
# computed term by term in the same order as test-optimizer.c does, so both feed the optimizer
# bit-identical gradients for bit-identical parameters.

C = [1.0, 2.0, 0.5, 3.0, 1.5]
T = [1.0, -2.0, 0.5, 3.0, -1.0]
N_STEPS = 60


def grad5(p):
    g = []
    for i in range(5):
        gi = 2.0 * C[i] * (p[i] - T[i]) + 0.4 * p[i] * p[i] * p[i]
        if i == 0:
            gi = gi + p[1]
        elif i == 1:
            gi = gi + p[0]
        g.append(gi)
    return g


START_A = [0.5, 1.0, -1.5, 2.0, 0.25]
START_B = [-1.25, 0.75, 2.5, -0.5, 1.5]


def lrs_constant(text):
    return [parse_spec(text)[1]['lr']] * N_STEPS


def lrs_wavy(text):
    """A learning rate that changes every step: proves it is taken per step."""
    base = parse_spec(text)[1]['lr']
    return [base * (1.0 + 0.5 * math.sin(0.7 * k)) for k in range(1, N_STEPS + 1)]


def lrs_decaying(text):
    base = parse_spec(text)[1]['lr']
    return [base * 0.97 ** k for k in range(N_STEPS)]


def moms_cycle(lo, hi):
    """A momentum that moves every step, as CyclicLR's cycle_momentum drives it."""
    period = 16
    out = []
    for k in range(N_STEPS):
        x = abs((k % period) / (period / 2) - 1.0)   # 1 → 0 → 1 triangle
        out.append(lo + (hi - lo) * x)
    return out


# (spec, start, lr sequence builder, momentum sequence or None)
OPT_CONFIGS = [
    ('sgd', START_A, lrs_constant, None),
    ('sgd:lr=0.05', START_A, lrs_constant, None),
    ('sgd:lr=0.02,momentum=0.9', START_A, lrs_constant, None),
    ('sgd:lr=0.02,momentum=0.8,dampening=0.3', START_B, lrs_constant, None),
    ('sgd:lr=0.02,momentum=0.9,nesterov=true', START_A, lrs_constant, None),
    ('sgd:lr=0.03,weight_decay=0.1', START_B, lrs_constant, None),
    ('sgd:lr=0.02,momentum=0.7,dampening=0.5,weight_decay=0.05', START_A, lrs_wavy, None),
    ('sgd:lr=0.02,momentum=0.85', START_B, lrs_constant, moms_cycle(0.8, 0.95)),
    ('sgd:lr=0.02', START_A, lrs_constant, [0.0] * 3 + [0.9] * (N_STEPS - 3)),
    ('momentum', START_A, lrs_constant, None),
    ('momentum:lr=0.01', START_B, lrs_wavy, None),
    ('nesterov', START_B, lrs_constant, None),
    ('nesterov:lr=0.01,weight_decay=0.01', START_A, lrs_wavy, None),
    ('adagrad', START_A, lrs_constant, None),
    ('adagrad:lr=0.5', START_B, lrs_constant, None),
    ('adagrad:lr=0.3,lr_decay=0.05,initial_accumulator_value=0.1', START_A, lrs_constant, None),
    ('adagrad:lr=0.3,weight_decay=0.1,eps=0.001', START_B, lrs_wavy, None),
    ('rmsprop', START_A, lrs_constant, None),
    ('rmsprop:lr=0.02,alpha=0.9', START_B, lrs_constant, None),
    ('rmsprop:lr=0.005,momentum=0.9', START_A, lrs_constant, None),
    ('rmsprop:lr=0.01,centered=true', START_B, lrs_constant, None),
    ('rmsprop:lr=0.005,alpha=0.95,eps=1e-6,weight_decay=0.1,momentum=0.8,centered=true',
     START_A, lrs_wavy, None),
    ('rmsprop:lr=0.005,momentum=0.85', START_B, lrs_constant, moms_cycle(0.8, 0.95)),
    ('adadelta', START_A, lrs_constant, None),
    ('adadelta:lr=20,rho=0.95,eps=0.0001', START_B, lrs_constant, None),
    ('adadelta:lr=5,weight_decay=0.1', START_A, lrs_wavy, None),
    ('adam', START_A, lrs_constant, None),
    ('adam:lr=0.05', START_B, lrs_constant, None),
    ('adam:lr=0.05,beta1=0.8,beta2=0.99,eps=1e-6', START_A, lrs_constant, None),
    ('adam:lr=0.05,amsgrad=true', START_B, lrs_decaying, None),
    ('adam:lr=0.05,weight_decay=0.1', START_A, lrs_wavy, None),
    ('adam:lr=0.05', START_A, lrs_constant, moms_cycle(0.85, 0.95)),
    ('adamw', START_A, lrs_constant, None),
    ('adamw:lr=0.05,weight_decay=0.5', START_B, lrs_wavy, None),
    ('adamw:lr=0.05,weight_decay=0.2,amsgrad=true', START_A, lrs_constant, None),
    ('adamax', START_A, lrs_constant, None),
    ('adamax:lr=0.1,beta1=0.8,beta2=0.95', START_B, lrs_constant, None),
    ('adamax:lr=0.05,eps=0.0001,weight_decay=0.1', START_A, lrs_wavy, None),
    ('nadam', START_A, lrs_constant, None),
    ('nadam:lr=0.05', START_B, lrs_constant, None),
    ('nadam:lr=0.05,beta1=0.85,momentum_decay=0.1', START_A, lrs_wavy, None),
    ('nadam:lr=0.05,weight_decay=0.1', START_B, lrs_constant, None),
    ('nadam:lr=0.05', START_A, lrs_constant, moms_cycle(0.85, 0.95)),
    ('radam', START_A, lrs_constant, None),
    ('radam:lr=0.05', START_B, lrs_constant, None),
    ('radam:lr=0.05,beta2=0.95', START_A, lrs_wavy, None),
    ('radam:lr=0.05,beta1=0.8,weight_decay=0.1', START_B, lrs_decaying, None),
]


def run_optimizer_config(spec, start, lrs, moms):
    p = torch.tensor(start, requires_grad=True)
    opt = make_optimizer([p], spec)
    rows = []
    for k in range(N_STEPS):
        group = opt.param_groups[0]
        group['lr'] = lrs[k]
        if moms is not None:
            set_momentum(opt, moms[k])
        p.grad = torch.tensor(grad5(p.detach().tolist()))
        opt.step()
        rows.append((k + 1, lrs[k], get_momentum(opt), p.detach().tolist()))
    for _, _, _, q in rows:
        if not all(math.isfinite(v) and abs(v) < 100 for v in q):
            sys.exit('%s: the run leaves the sane range' % spec)
    return rows


def write_optimizers():
    out = [
        '# optimizers.txt: torch.optim reference steps (written by make-golden.py; do not edit)',
        '# torch %s, float64, ATEN_CPU_CAPABILITY=%s, foreach=False (single-tensor rules)'
        % (torch.__version__, os.environ['ATEN_CPU_CAPABILITY']),
        '#',
        '# f(p) = sum_i c_i (p_i - t_i)^2 + 0.1 sum_i p_i^4 + p_0 p_1; gradient, term by term:',
        '#   g_i = 2 c_i (p_i - t_i) + 0.4 p_i p_i p_i  (+ p_1 for i = 0, + p_0 for i = 1)',
        '# Lines: "dim N", "c ...", "t ...", then per configuration:',
        '#   config SPEC',
        '#   set_momentum yes|no   (yes: set the momentum column before each step)',
        '#   start P_1 ... P_N',
        '#   step K LR MOMENTUM P_1 ... P_N   (K = 1, 2, ...: the point after update K,',
        '#        made with learning rate LR; MOMENTUM = momentum/beta1 in force, -1 if none)',
        '#   end',
        'dim 5',
        'c ' + ' '.join(fmt(v) for v in C),
        't ' + ' '.join(fmt(v) for v in T),
    ]
    for spec, start, lr_builder, moms in OPT_CONFIGS:
        lrs = lr_builder(spec)
        out.append('config ' + spec)
        out.append('set_momentum ' + ('yes' if moms is not None else 'no'))
        out.append('start ' + ' '.join(fmt(v) for v in start))
        for k, lr, mom, q in run_optimizer_config(spec, start, lrs, moms):
            out.append('step %d %s %s %s' % (k, fmt(lr), fmt(mom), ' '.join(fmt(v) for v in q)))
        out.append('end')
    (HERE / 'optimizers.txt').write_text('\n'.join(out) + '\n')
    return len(OPT_CONFIGS)


# --------------------------------------------------------------------------------------------
# (2) trajectories/*.csv: the surfaces of PRODUCT.md §4.2 in torch ops, gradients by autograd

def surface_args(text):
    name, _, rest = text.partition(':')
    args = {}
    for item in filter(None, rest.split(',')):
        key, _, value = item.partition('=')
        args[key] = float(value)
    return name, args


def bowl(x, y, kappa=10.0, theta=0.0):
    t = theta * math.pi / 180.0
    ct, st = math.cos(t), math.sin(t)
    u = ct * x + st * y
    v = -st * x + ct * y
    return 0.5 * (u * u + kappa * v * v)


def rosenbrock(x, y, a=1.0, b=100.0):
    return (a - x) ** 2 + b * (y - x * x) ** 2


def beale(x, y):
    return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
            + (2.625 - x + x * y ** 3) ** 2)


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def rastrigin(x, y):
    return (20 + x * x - 10 * torch.cos(2 * math.pi * x)
            + y * y - 10 * torch.cos(2 * math.pi * y))


def goldstein_price(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y
                                     + 27 * y * y)
    return a * b


def six_hump_camel(x, y):
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y


def styblinski_tang(x, y):
    return 0.5 * ((x ** 4 - 16 * x * x + 5 * x) + (y ** 4 - 16 * y * y + 5 * y))


def matyas(x, y):
    return 0.26 * (x * x + y * y) - 0.48 * x * y


def three_hump_camel(x, y):
    return 2 * x * x - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y * y


def mccormick(x, y):
    return torch.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1


# The formulas of the expr: surfaces used below, written out in torch ops.
EXPRS = {
    '(x-1)^2+2*(y+0.5)^2+0.5*sin(x*y)':
        lambda x, y: (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + 0.5 * torch.sin(x * y),
    'log(1+(x-2)^2+3*(y-1)^2)+0.05*x^2+0.1*tanh(y)':
        lambda x, y: (torch.log(1 + (x - 2) ** 2 + 3 * (y - 1) ** 2) + 0.05 * x ** 2
                      + 0.1 * torch.tanh(y)),
}

SURFACES = {
    'bowl': bowl, 'rosenbrock': rosenbrock, 'beale': beale, 'himmelblau': himmelblau,
    'booth': booth, 'rastrigin': rastrigin, 'goldstein_price': goldstein_price,
    'six_hump_camel': six_hump_camel, 'styblinski_tang': styblinski_tang, 'matyas': matyas,
    'three_hump_camel': three_hump_camel, 'mccormick': mccormick,
}


def surface_fn(text):
    if text.startswith('expr:'):
        return EXPRS[text[len('expr:'):]]
    name, args = surface_args(text)
    f = SURFACES[name]
    return lambda x, y: f(x, y, **args)


def make_schedule(opt, text):
    if text is None:
        return None
    name, args = surface_args(text)
    if name == 'step':
        return torch.optim.lr_scheduler.StepLR(opt, step_size=int(args['step_size']),
                                               gamma=args.get('gamma', 0.1))
    if name == 'exponential':
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args['gamma'])
    if name == 'cosine':
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=int(args['T_max']),
                                                          eta_min=args.get('eta_min', 0.0))
    raise ValueError(text)


# (file stem, surface, optimizer, schedule or None, start, steps)
TRAJECTORIES = [
    ('rosenbrock-sgd', 'rosenbrock', 'sgd', None, (-1.2, 1.0), 300),
    ('rosenbrock-momentum-cosine', 'rosenbrock', 'momentum:lr=0.0005',
     'cosine:T_max=300,eta_min=0.0001', (-1.2, 1.0), 300),
    ('rosenbrock-adam', 'rosenbrock', 'adam:lr=0.02', None, (-1.2, 1.0), 300),
    ('rosenbrock-b20-nadam', 'rosenbrock:a=1,b=20', 'nadam:lr=0.01', None, (-1.0, -0.5), 250),
    ('beale-adam', 'beale', 'adam:lr=0.01', None, (1.0, 1.0), 300),
    ('beale-rmsprop-exponential', 'beale', 'rmsprop:lr=0.005', 'exponential:gamma=0.995',
     (1.0, 1.5), 200),
    ('beale-adamax', 'beale', 'adamax:lr=0.01,beta1=0.8', None, (2.0, 1.5), 200),
    ('himmelblau-sgd-momentum', 'himmelblau', 'sgd:lr=0.001,momentum=0.5,dampening=0.1', None,
     (0.0, 0.0), 200),
    ('himmelblau-adagrad', 'himmelblau', 'adagrad:lr=0.3', None, (-1.0, 1.0), 100),
    ('himmelblau-radam-step', 'himmelblau', 'radam:lr=0.05', 'step:step_size=60,gamma=0.5',
     (0.0, 0.0), 250),
    ('booth-nesterov-step', 'booth', 'nesterov:lr=0.01', 'step:step_size=50,gamma=0.5',
     (-4.0, 4.0), 200),
    ('booth-adadelta', 'booth', 'adadelta:lr=2,eps=0.0001', None, (0.0, 0.0), 150),
    ('bowl-kappa10-theta30-sgd', 'bowl:kappa=10,theta=30', 'sgd:lr=0.15', None, (2.0, 1.5), 60),
    ('bowl-kappa25-theta45-momentum-exponential', 'bowl:kappa=25,theta=45', 'momentum:lr=0.02',
     'exponential:gamma=0.99', (-2.0, 1.0), 150),
    ('bowl-adamw', 'bowl', 'adamw:lr=0.05,weight_decay=0.1', None, (2.0, -1.0), 200),
    ('six_hump_camel-adamax', 'six_hump_camel', 'adamax:lr=0.02', None, (-1.0, 1.0), 200),
    ('six_hump_camel-adadelta', 'six_hump_camel', 'adadelta:lr=1.5,rho=0.95', None,
     (1.0, -0.25), 200),
    ('matyas-radam', 'matyas', 'radam:lr=0.05', None, (3.0, -2.0), 200),
    ('matyas-rmsprop', 'matyas', 'rmsprop', None, (-2.0, -3.0), 200),
    ('goldstein_price-adam', 'goldstein_price', 'adam:lr=0.005', None, (0.3, -0.6), 200),
    ('mccormick-sgd-weight_decay', 'mccormick', 'sgd:lr=0.05,weight_decay=0.01', None,
     (0.0, 0.0), 200),
    ('styblinski_tang-rmsprop-centered', 'styblinski_tang',
     'rmsprop:lr=0.003,momentum=0.5,centered=true', None, (0.0, 0.0), 200),
    ('styblinski_tang-sgd-nesterov', 'styblinski_tang',
     'sgd:lr=0.01,momentum=0.8,weight_decay=0.001,nesterov=true', None, (1.0, -1.0), 150),
    ('three_hump_camel-adagrad', 'three_hump_camel',
     'adagrad:lr=0.05,lr_decay=0.02,initial_accumulator_value=0.1', None, (1.5, -1.0), 200),
    ('rastrigin-sgd', 'rastrigin', 'sgd:lr=0.0003', None, (0.3, -0.2), 100),
    ('expr-nadam', 'expr:(x-1)^2+2*(y+0.5)^2+0.5*sin(x*y)', 'nadam:lr=0.05,momentum_decay=0.01',
     None, (-1.0, 1.0), 150),
    ('expr-adam-amsgrad-cosine', 'expr:log(1+(x-2)^2+3*(y-1)^2)+0.05*x^2+0.1*tanh(y)',
     'adam:lr=0.05,amsgrad=true', 'cosine:T_max=200,eta_min=0.001', (-1.0, -1.0), 200),
]


def short(x):
    s = repr(float(x))
    return s[:-2] if s.endswith('.0') else s


def evaluate(f, x, y):
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.tensor(y, requires_grad=True)
    loss = f(xt, yt)
    gx, gy = torch.autograd.grad(loss, (xt, yt))
    return loss.item(), gx.item(), gy.item()


def run_trajectory(surface, optimizer, schedule, start, steps):
    f = surface_fn(surface)
    p = torch.tensor(start, requires_grad=True)
    opt = make_optimizer([p], optimizer)
    sched = make_schedule(opt, schedule)
    x, y = start
    loss, gx, gy = evaluate(f, x, y)
    rows = [(0, opt.param_groups[0]['lr'], x, y, loss, gx, gy)]
    for k in range(1, steps + 1):
        lr = opt.param_groups[0]['lr']
        p.grad = torch.tensor([gx, gy])
        opt.step()
        if sched is not None:
            sched.step()
        x, y = p.detach().tolist()
        loss, gx, gy = evaluate(f, x, y)
        rows.append((k, lr, x, y, loss, gx, gy))
        if not all(math.isfinite(v) for v in rows[-1]) or abs(x) > 1e3 or abs(y) > 1e3:
            sys.exit('%s on %s diverges at step %d' % (optimizer, surface, k))
    if not rows[-1][4] < rows[0][4]:
        sys.exit('%s on %s does not descend' % (optimizer, surface))
    # Near a minimum the gradient is all rounding noise (x^2 + y - 11 cancels, …), and no two
    # correct implementations agree on it; stop every run well before that.
    if min(math.hypot(r[5], r[6]) for r in rows) < 1e-5:
        sys.exit('%s on %s converges to rounding level; use fewer steps' % (optimizer, surface))
    return rows


def write_trajectories():
    outdir = HERE / 'trajectories'
    outdir.mkdir(exist_ok=True)
    for old in outdir.glob('*.csv'):
        old.unlink()
    for stem, surface, optimizer, schedule, start, steps in TRAJECTORIES:
        rows = run_trajectory(surface, optimizer, schedule, start, steps)
        head = '# --surface %s --optimizer %s' % (surface, optimizer)
        if schedule is not None:
            head += ' --schedule %s' % schedule
        head += ' --start %s,%s --steps %d' % (short(start[0]), short(start[1]), steps)
        lines = [head, 'step,lr,x,y,loss,grad_x,grad_y']
        for k, *values in rows:
            lines.append('%d,%s' % (k, ','.join(fmt(v) for v in values)))
        (outdir / (stem + '.csv')).write_text('\n'.join(lines) + '\n')
    return len(TRAJECTORIES)


def main():
    n_opt = write_optimizers()
    n_traj = write_trajectories()
    print('wrote optimizers.txt (%d configurations) and %d trajectories' % (n_opt, n_traj))


if __name__ == '__main__':
    main()
