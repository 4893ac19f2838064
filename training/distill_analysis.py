#!/usr/bin/env python3
"""A slimmer analysis network (N hidden channels instead of 96) for the shipped model: an encoder
variant in the making (issue 15; docs/decisions.md, "Speed and the job").

  nice /usr/bin/python3 training/distill_analysis.py 64 MINUTES [LR]

The student starts from the shipped analysis with each hidden layer pruned to its N channels that the
next convolution weighs most, or resumes from training/checkpoints/analysis-n<N>.pt, and trains on the
model's own rate-distortion objective through the shipped gains, priors and synthesis, all frozen: so
its symbols decode with the shipped decoders. Every 10 minutes it prints validation bpp/PSNR per
level beside the shipped analysis' and saves the checkpoint. Not yet exported or wired as a variant.
"""
import math, os, sys, time
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import CropSampler, shared_data, validation_batch
from latentstream.model import GainedCodec, Analysis4

N = int(sys.argv[1]); MINUTES = float(sys.argv[2]); LR = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
torch.set_num_threads(2); torch.manual_seed(0)
state = torch.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'checkpoints', 'best.pt'), map_location='cpu')
teacher = GainedCodec(**state['config']); teacher.load_state_dict(state['model']); teacher.eval()
for p in teacher.parameters():
    p.requires_grad_(False)
t_layers = teacher.analysis.layers
student = Analysis4(N, teacher.m)
s_layers = student.layers
convs = [0, 2, 4, 6]; gdns = [1, 3, 5]
# channel importance of each hidden layer: norm of the next conv's weights reading it
keep = []  # per hidden layer: the teacher channels the student starts from
for i in range(3):
    w_next = t_layers[convs[i + 1]].weight  # out, in, k, k
    imp = w_next.pow(2).sum(dim=(0, 2, 3))
    keep.append(torch.sort(torch.argsort(imp, descending=True)[:N]).values)
out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'checkpoints', 'analysis-n%d.pt' % N)
with torch.no_grad():
    for i, ci in enumerate(convs):
        src = t_layers[ci]
        w = src.weight
        if i < 3:
            w = w[keep[i]]
        if i > 0:
            w = w[:, keep[i - 1]]
        s_layers[ci].weight.copy_(w)
        b = src.bias if i == 3 else src.bias[keep[i]]
        s_layers[ci].bias.copy_(b)
    for i, gi in enumerate(gdns):
        s_layers[gi].beta_param.copy_(t_layers[gi].beta_param[keep[i]])
        s_layers[gi].gamma_param.copy_(t_layers[gi].gamma_param[keep[i]][:, keep[i]])

step = 0
if os.path.exists(out_path):
    saved = torch.load(out_path, map_location='cpu')
    student.load_state_dict(saved['model'])
    step = saved['step']
    print('resumed', out_path, 'at step', step, flush=True)

def terms(analysis, x, level, training):
    y = analysis(x) * teacher.gain(level)
    y_hat, lik = teacher.priors[level](y, training)
    x_hat = teacher.synthesis(y_hat * teacher.inverse_gain(level))
    bpp = -torch.log2(lik).sum() / (x.shape[0] * x.shape[2] * x.shape[3])
    mse = F.mse_loss(x_hat.clamp(0, 1) if not training else x_hat, x)
    return bpp, mse

data = os.path.join(shared_data(), 'train')
val = validation_batch(data)
@torch.no_grad()
def evaluate(analysis):
    out = []
    for level in range(teacher.levels):
        bpp, mse = terms(analysis, val, level, False)
        out.append((bpp.item(), 10 * math.log10(1 / mse.item())))
    return out
def show(name, rows):
    print(name, ' '.join('L%d %.3f/%.2f' % (i, b, p) for i, (b, p) in enumerate(rows)), flush=True)
show('teacher', evaluate(teacher.analysis))
student.train()
show('student init', evaluate(student))
sampler = CropSampler(data, 128, seed=1)
opt = torch.optim.Adam(student.parameters(), lr=LR)
start = time.time(); next_eval = start + 600
while time.time() - start < MINUTES * 60:
    level = step % teacher.levels
    x = sampler.batch(8, 'cpu')
    bpp, mse = terms(student, x, level, True)
    loss = bpp + teacher.lambdas[level] * 255 ** 2 * mse
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0); opt.step()
    step += 1
    if time.time() >= next_eval:
        next_eval = time.time() + 600
        show('student step %d (%.0f min)' % (step, (time.time() - start) / 60), evaluate(student))
        torch.save({'n': N, 'keep': keep, 'model': student.state_dict(), 'step': step}, out_path)
show('student final step %d' % step, evaluate(student))
torch.save({'n': N, 'keep': keep, 'model': student.state_dict(), 'step': step}, out_path)
