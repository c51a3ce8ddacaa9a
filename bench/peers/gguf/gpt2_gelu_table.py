# Does ggml's F16 GELU table explain llama.cpp's gpt2-tiny gap to transformers? A GPT-2 forward in numpy (float64,
# the fixture's float32 weights) with the MLP's GELU either exact (tanh form, HF gelu_new) or as ggml's CPU GELU does
# it: input rounded to f16, f16(gelu(x)) read from a table, 0 below -10 and x above 10. Compared with transformers
# (expected.json) and, given the JSON written by `timing gguf-logprobs gpt2-tiny FILE`, with llama.cpp.
# Usage: /usr/bin/python3 bench/peers/gguf/gpt2_gelu_table.py [llama-logprobs.json]   (reference only, never a dependency)
import json, struct, sys, numpy as np
import os
d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'fixtures', 'gpt2-tiny') + '/'
cfg = json.load(open(d + 'config.json'))
raw = open(d + 'model.safetensors', 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]; hdr = json.loads(raw[8:8 + n]); base = 8 + n
W = {}
for k, v in hdr.items():
    if k == '__metadata__': continue
    a, b = v['data_offsets']
    W[k.replace('transformer.', '')] = np.frombuffer(raw[base + a:base + b], dtype=np.float32).reshape(v['shape'])
E, H, L = cfg['n_embd'], cfg['n_head'], cfg['n_layer']; eps = cfg['layer_norm_epsilon']
def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
def gelu_table(x):
    x16 = x.astype(np.float16).astype(np.float64)
    y = gelu(x16).astype(np.float16).astype(np.float64)
    return np.where(x <= -10, 0.0, np.where(x >= 10, x, y))
def ln(x, w, b):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b
def logprobs(ids, act):
    T = len(ids); x = W['wte.weight'][ids].astype(np.float64) + W['wpe.weight'][:T]
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for i in range(L):
        p = f'h.{i}.'
        h = ln(x, W[p + 'ln_1.weight'], W[p + 'ln_1.bias'])
        qkv = h @ W[p + 'attn.c_attn.weight'] + W[p + 'attn.c_attn.bias']
        q, k, v = np.split(qkv, 3, -1); hd = E // H
        q = q.reshape(T, H, hd).transpose(1, 0, 2); k = k.reshape(T, H, hd).transpose(1, 0, 2); v = v.reshape(T, H, hd).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(hd) + mask
        s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(T, E)
        x = x + a @ W[p + 'attn.c_proj.weight'] + W[p + 'attn.c_proj.bias']
        h = ln(x, W[p + 'ln_2.weight'], W[p + 'ln_2.bias'])
        x = x + act(h @ W[p + 'mlp.c_fc.weight'] + W[p + 'mlp.c_fc.bias']) @ W[p + 'mlp.c_proj.weight'] + W[p + 'mlp.c_proj.bias']
    x = ln(x, W['ln_f.weight'], W['ln_f.bias'])
    logits = x @ W['wte.weight'].T
    lse = np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1)) + logits.max(-1)
    return np.array([logits[t, ids[t + 1]] - lse[t] for t in range(T - 1)])
exp = json.load(open(d + 'expected.json'))['cases']
llama = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else None
worst = {}
for c, case in enumerate(exp):
    ids = case['ids']; ref = -np.array(case['token_nll'])
    exact = logprobs(ids, gelu); table = logprobs(ids, gelu_table)
    pairs = {'exact-gelu vs transformers': (exact, ref), 'f16-table vs transformers': (table, ref), 'f16-table vs exact': (table, exact)}
    if llama is not None:
        lc = np.array(llama[c])
        pairs.update({'llama.cpp vs exact-gelu': (lc, exact), 'llama.cpp vs f16-table': (lc, table), 'llama.cpp vs transformers': (lc, ref)})
    for k, (a, b) in pairs.items():
        worst[k] = max(worst.get(k, 0), float(np.abs(a - b).max()))
for k, v in worst.items():
    print(f'{k}: max |diff| = {v:.3g}')
