#!/usr/bin/python3
"""Reference gradients for Winnow's managed backward passes, from an independent PyTorch implementation.

The models here are written from the architecture papers / Hugging Face modelling code's equations, not imported
from transformers: every forward is first checked against the fixtures' expected.json (produced by transformers),
then autograd (in float64) gives the gradient of a masked mean cross-entropy. Run with Debian's python3-torch 1.13:

    /usr/bin/python3 tools/gradient-reference/make_gradients.py ../shared/fixtures tests/Winnow.Tests/Models/Training/Fixtures

Outputs per model: <model>/<case>.safetensors (float32 gradients by Hugging Face name) and <model>/cases.json
(ids, scored positions, loss, and for vocabulary-sized matrices which rows were kept plus the full tensor's L2
norm). Also adamw.safetensors + adamw.json: torch.optim.AdamW on a small tensor for three steps.
"""
import json
import math
import os
import struct
import sys

import torch

torch.set_default_dtype(torch.float32)

# Matrices with more rows than this are stored as a row sample (the rows a case touches plus a fixed stride).
FULL_ROWS_LIMIT = 2048
SAMPLE_STRIDE = 509
FORWARD_TOLERANCE = 1e-4


def read_safetensors(path):
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(entry["shape"]).clone()
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        blob = tensors[name].detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_exact(x):
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def attention(q, k, v, causal):
    """q [H, T, d], k/v [H, T, d] (already repeated for GQA)."""
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        t = q.shape[1]
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    return torch.softmax(scores, -1) @ v


def rope_inverse_frequencies(cfg, head):
    theta = cfg.get("rope_theta", 10000.0)
    inv = 1.0 / theta ** (torch.arange(0, head, 2, dtype=torch.float64) / head)
    scaling = cfg.get("rope_scaling")
    if scaling and scaling.get("rope_type", scaling.get("type")) == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        original = scaling["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv
        smooth = (original / wavelen - low) / (high - low)
        scaled = torch.where(wavelen > original / low, inv / factor, inv)
        middle = (wavelen <= original / low) & (wavelen >= original / high)
        scaled = torch.where(middle, (1 - smooth) * inv / factor + smooth * inv, scaled)
        inv = scaled
    return inv


def rope(x, positions, inv):
    """x [H, T, d]; rotate-half convention."""
    angles = positions.to(inv.dtype)[:, None] * inv[None, :]
    emb = torch.cat([angles, angles], -1)
    cos, sin = emb.cos(), emb.sin()
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos + rotated * sin


def lora_delta(lora, module, x):
    """PEFT's LoRA output for one module: scale * (x A^T) B^T, or 0 when the module has no adapter."""
    if not lora or module not in lora:
        return 0
    a, b, scale = lora[module]
    return scale * ((x @ a.T) @ b.T)


def gpt2_hidden(p, cfg, ids, lora=None):
    d, heads = cfg["n_embd"], cfg["n_head"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    t = len(ids)
    x = p["wte.weight"][ids] + p["wpe.weight"][torch.arange(t)]
    for i in range(cfg["n_layer"]):
        g = lambda n: p[f"h.{i}.{n}"]
        h = layer_norm(x, g("ln_1.weight"), g("ln_1.bias"), eps)
        module = f"transformer.h.{i}."
        qkv = h @ g("attn.c_attn.weight") + g("attn.c_attn.bias") + lora_delta(lora, module + "attn.c_attn", h)
        q, k, v = (z.reshape(t, heads, d // heads).transpose(0, 1) for z in qkv.split(d, -1))
        a = attention(q, k, v, causal=True).transpose(0, 1).reshape(t, d)
        x = x + a @ g("attn.c_proj.weight") + g("attn.c_proj.bias") + lora_delta(lora, module + "attn.c_proj", a)
        h = layer_norm(x, g("ln_2.weight"), g("ln_2.bias"), eps)
        m = gelu_tanh(h @ g("mlp.c_fc.weight") + g("mlp.c_fc.bias") + lora_delta(lora, module + "mlp.c_fc", h))
        x = x + m @ g("mlp.c_proj.weight") + g("mlp.c_proj.bias") + lora_delta(lora, module + "mlp.c_proj", m)
    x = layer_norm(x, p["ln_f.weight"], p["ln_f.bias"], eps)
    return x @ p["wte.weight"].T


def llama_hidden(p, cfg, ids, lora=None):
    d, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    kv = cfg.get("num_key_value_heads", heads)
    hs = cfg.get("head_dim") or d // heads
    eps = cfg["rms_norm_eps"]
    t = len(ids)
    inv = rope_inverse_frequencies(cfg, hs)
    positions = torch.arange(t)

    def linear(name, x):
        y = x @ p[name + ".weight"].T + lora_delta(lora, name, x)
        return y + p[name + ".bias"] if name + ".bias" in p else y

    x = p["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{i}."
        h = rms_norm(x, p[pre + "input_layernorm.weight"], eps)
        q = linear(pre + "self_attn.q_proj", h).reshape(t, heads, hs).transpose(0, 1)
        k = linear(pre + "self_attn.k_proj", h).reshape(t, kv, hs).transpose(0, 1)
        v = linear(pre + "self_attn.v_proj", h).reshape(t, kv, hs).transpose(0, 1)
        q, k = rope(q, positions, inv), rope(k, positions, inv)
        k, v = k.repeat_interleave(heads // kv, 0), v.repeat_interleave(heads // kv, 0)
        a = attention(q, k, v, causal=True).transpose(0, 1).reshape(t, heads * hs)
        x = x + linear(pre + "self_attn.o_proj", a)
        h = rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps)
        gate = linear(pre + "mlp.gate_proj", h)
        x = x + linear(pre + "mlp.down_proj", gate * torch.sigmoid(gate) * linear(pre + "mlp.up_proj", h))
    x = rms_norm(x, p["model.norm.weight"], eps)
    head = p["lm_head.weight"] if "lm_head.weight" in p else p["model.embed_tokens.weight"]
    return x @ head.T


def causal_logits(p, cfg, ids, lora=None):
    return (gpt2_hidden if cfg["model_type"] == "gpt2" else llama_hidden)(p, cfg, ids, lora)


def check_causal_forward(p, cfg, expected):
    worst = 0.0
    for case in expected["cases"]:
        ids = torch.tensor(case["ids"])
        with torch.no_grad():
            logits = causal_logits(p, cfg, ids)
        lse = torch.logsumexp(logits, -1)
        worst = max(worst, (logits[:, :16] - torch.tensor(case["logits_first16"])).abs().max().item())
        worst = max(worst, (lse - torch.tensor(case["logsumexp"])).abs().max().item())
        if len(case["ids"]) > 1:
            nll = lse[:-1] - logits[:-1].gather(1, ids[1:, None])[:, 0]
            worst = max(worst, (nll - torch.tensor(case["token_nll"])).abs().max().item())
    if worst > FORWARD_TOLERANCE:
        raise SystemExit(f"{expected['model']}: forward differs from expected.json by {worst:.3g}")
    return worst


def masked_mean_nll(p, cfg, rows, scored, lora=None):
    """Mean over every (row, position i in scored[row]) of -log softmax(logits[i-1])[ids[i]]: the training loss."""
    total, count = 0.0, 0
    for ids, positions in zip(rows, scored):
        logits = causal_logits(p, cfg, torch.tensor(ids), lora)
        index = torch.tensor(positions)
        lse = torch.logsumexp(logits[index - 1], -1)
        total = total + (lse - logits[index - 1, torch.tensor(ids)[index]]).sum()
        count += len(positions)
    return total / count


def causal_cases(expected):
    by_length = sorted(expected["cases"], key=lambda c: len(c["ids"]))
    usable = [c for c in by_length if len(c["ids"]) >= 8]
    single = usable[len(usable) // 2]["ids"]
    packed = [c["ids"] for c in usable[-3:]]
    return [
        {"name": "single", "rows": [single], "scored": [list(range(1, len(single)))]},
        {
            "name": "packed",
            "rows": packed,
            # All positions; the second half only (a response-only mask); every other position from 3.
            "scored": [
                list(range(1, len(packed[0]))),
                list(range(len(packed[1]) // 2, len(packed[1]))),
                list(range(3, len(packed[2]), 2)),
            ],
        },
    ]


def store_gradients(folder, case, grads, touched, full_rows_limit=FULL_ROWS_LIMIT):
    kept, sampled = {}, {}
    for name, g in grads.items():
        if g.dim() == 2 and g.shape[0] > full_rows_limit:
            rows = sorted(r for r in set(touched) | set(range(0, 64)) | set(range(0, g.shape[0], SAMPLE_STRIDE)) if r < g.shape[0])
            kept[name] = g[torch.tensor(rows)]
            sampled[name] = {"rows": rows, "l2": float(g.double().norm())}
        else:
            kept[name] = g
    write_safetensors(os.path.join(folder, case["name"] + ".safetensors"), kept)
    return sampled


def make_causal(fixtures, out, model):
    source = os.path.join(fixtures, model)
    cfg = json.load(open(os.path.join(source, "config.json")))
    expected = json.load(open(os.path.join(source, "expected.json")))
    params = read_safetensors(os.path.join(source, "model.safetensors"))
    # Float64 so the reference's own rounding (~1e-7 relative) is far below the tolerance the engine is held to.
    params = {k[len("transformer."):] if k.startswith("transformer.") else k: v.double() for k, v in params.items()}
    forward_error = check_causal_forward(params, cfg, expected)
    folder = os.path.join(out, model)
    os.makedirs(folder, exist_ok=True)
    summary = {"model": model, "forward_max_abs_error_vs_expected": forward_error, "cases": []}
    for case in causal_cases(expected):
        leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        loss = masked_mean_nll(leaves, cfg, case["rows"], case["scored"])
        loss.backward()
        grads = {k: v.grad for k, v in leaves.items()}
        touched = [i for row in case["rows"] for i in row]
        sampled = store_gradients(folder, case, grads, touched)
        summary["cases"].append({**case, "loss": loss.item(), "sampled": sampled})
    json.dump(summary, open(os.path.join(folder, "cases.json"), "w"), separators=(",", ":"))
    print(f"{model}: forward max |diff| {forward_error:.2e}, losses {[c['loss'] for c in summary['cases']]}")


# ---- Encoders (BERT-style, post-LN; XLM-R / RoBERTa positions) ------------------------------------------------------

# Embedding tables of encoders are stored as row samples above this many rows (the touched rows are exact, all other
# rows of a lookup table's gradient are zero; the full tensor's L2 norm is kept).
ENCODER_FULL_ROWS_LIMIT = 256


def encoder_states(p, cfg, ids):
    """Every hidden state [embedding output, layer 1, …, layer L] of one row (no padding, token type 0)."""
    d, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    eps = cfg["layer_norm_eps"]
    t = len(ids)
    if cfg["model_type"] in ("roberta", "xlm-roberta", "camembert"):
        positions = cfg["pad_token_id"] + 1 + torch.arange(t)
    else:
        positions = torch.arange(t)
    linear = lambda name, x: x @ p[name + ".weight"].T + p[name + ".bias"]
    x = p["embeddings.word_embeddings.weight"][ids] + p["embeddings.position_embeddings.weight"][positions]
    x = x + p["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], eps)
    states = [x]
    for i in range(cfg["num_hidden_layers"]):
        pre = f"encoder.layer.{i}."
        q, k, v = (linear(pre + "attention.self." + n, x).reshape(t, heads, d // heads).transpose(0, 1) for n in ("query", "key", "value"))
        a = attention(q, k, v, causal=False).transpose(0, 1).reshape(t, d)
        x = layer_norm(x + linear(pre + "attention.output.dense", a), p[pre + "attention.output.LayerNorm.weight"], p[pre + "attention.output.LayerNorm.bias"], eps)
        h = gelu_exact(linear(pre + "intermediate.dense", x))
        x = layer_norm(x + linear(pre + "output.dense", h), p[pre + "output.LayerNorm.weight"], p[pre + "output.LayerNorm.bias"], eps)
        states.append(x)
    return states


def pooler(p, h):
    return torch.tanh(h[0] @ p["pooler.dense.weight"].T + p["pooler.dense.bias"])


def classifier_score(p, h):
    """RobertaClassificationHead on the <s> state: dense → tanh → out_proj."""
    x = torch.tanh(h[0] @ p["classifier.dense.weight"].T + p["classifier.dense.bias"])
    return x @ p["classifier.out_proj.weight"].T + p["classifier.out_proj.bias"]


def sparsemax(z):
    """Martins & Astudillo (2016), written out: sort, support size, threshold."""
    s, _ = torch.sort(z, descending=True)
    k = torch.arange(1, z.shape[0] + 1, dtype=z.dtype)
    cumulative = torch.cumsum(s, 0)
    support = (1 + k * s > cumulative).to(z.dtype)
    size = support.sum()
    tau = ((cumulative * support).max() - 1) / size
    return torch.clamp(z - tau, min=0)


def iqs_score(p, head, states, ids):
    """COMET's LayerwiseAttention (no layer norm) + avg/cls pooling + FeedForward estimator (CaR §3.2)."""
    scalars = torch.stack([p[f"layerwise_attention.scalar_parameters.{l}"][0] for l in range(len(states))])
    weights = sparsemax(scalars) if head["sparsemax"] else torch.softmax(scalars, 0)
    mixed = p["layerwise_attention.gamma"][0] * sum(w * h for w, h in zip(weights, states))
    if head["pool"] == "avg":
        keep = torch.tensor([float(i != head["pad_id"]) for i in ids], dtype=mixed.dtype)
        x = (mixed * keep[:, None]).sum(0) / len(ids)
    else:
        x = mixed[0]
    count = len(head["hidden_sizes"]) + 1
    for k in range(count):
        x = x @ p[f"estimator.ff.{3 * k}.weight"].T + p[f"estimator.ff.{3 * k}.bias"]
        if k < count - 1:
            x = torch.tanh(x)
    return x[0]


def check_encoder_forward(p, cfg, expected):
    worst = 0.0
    for case in expected["cases"]:
        with torch.no_grad():
            states = encoder_states(p, cfg, torch.tensor(case["ids"]))
        h = states[-1]
        if "last_hidden_state_first8" in case:
            worst = max(worst, (h[:, :8] - torch.tensor(case["last_hidden_state_first8"])).abs().max().item())
            worst = max(worst, (h.mean(0) - torch.tensor(case["mean_pooled"])).abs().max().item())
            worst = max(worst, (pooler(p, h) - torch.tensor(case["pooler_output"])).abs().max().item())
        if "score" in case:
            worst = max(worst, abs(classifier_score(p, h)[0].item() - case["score"]))
    if worst > FORWARD_TOLERANCE:
        raise SystemExit(f"{expected['model']}: forward differs from expected.json by {worst:.3g}")
    return worst


def seeded(shape, seed, scale=1.0):
    return (torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale)


def encoder_loss(p, cfg, case):
    rows = [torch.tensor(ids) for ids in case["rows"]]
    if case["loss"] == "probe":
        # A linear probe of the pooler output and the mean-pooled last state: reaches every weight, pooler included.
        total = 0.0
        for ids in rows:
            h = encoder_states(p, cfg, ids)[-1]
            total = total + pooler(p, h) @ torch.tensor(case["pooler_probe"], dtype=torch.float64)
            total = total + h.mean(0) @ torch.tensor(case["mean_probe"], dtype=torch.float64)
        return total / len(rows)
    if case["loss"] == "regression_mse":
        scores = torch.stack([classifier_score(p, encoder_states(p, cfg, ids)[-1])[0] for ids in rows])
        return ((scores - torch.tensor(case["targets"], dtype=torch.float64)) ** 2).mean()
    if case["loss"] == "iqs_mse":
        scores = torch.stack([iqs_score(p, case["head"], encoder_states(p, cfg, ids), ids.tolist()) for ids in rows])
        return ((scores - torch.tensor(case["targets"], dtype=torch.float64)) ** 2).mean()
    raise ValueError(case["loss"])


def iqs_head(cfg, sparsemax_weights, pool, seed):
    """Layer scalars (sparsemax of these leaves one layer at exactly 0), gamma, and a seeded 64→8→1 Tanh estimator."""
    sizes = [cfg["hidden_size"], 8, 1]
    tensors = {f"layerwise_attention.scalar_parameters.{l}": torch.tensor([v], dtype=torch.float64)
               for l, v in enumerate([0.3, -0.2, 0.5])}
    tensors["layerwise_attention.gamma"] = torch.tensor([1.3], dtype=torch.float64)
    for k in range(len(sizes) - 1):
        tensors[f"estimator.ff.{3 * k}.weight"] = seeded((sizes[k + 1], sizes[k]), seed + k, 0.3)
        tensors[f"estimator.ff.{3 * k}.bias"] = seeded((sizes[k + 1],), seed + 10 + k, 0.3)
    spec = {"sparsemax": sparsemax_weights, "pool": pool, "pad_id": cfg["pad_token_id"], "hidden_sizes": sizes[1:-1], "activation": "Tanh",
            "tensors": {k: v.flatten().tolist() for k, v in tensors.items()}}
    return spec, tensors


def encoder_cases(model, cfg, expected):
    by_length = sorted(expected["cases"], key=lambda c: len(c["ids"]))
    single = by_length[len(by_length) // 2]["ids"]
    packed = [c["ids"] for c in by_length[-3:]]
    d = cfg["hidden_size"]
    if model.endswith("-regression"):
        return [
            {"name": "single", "loss": "regression_mse", "rows": [single], "targets": [1.0]},
            {"name": "packed", "loss": "regression_mse", "rows": packed, "targets": [1.0, 0.0, 0.5]},
        ]
    probe = {"pooler_probe": seeded((d,), 101).tolist(), "mean_probe": seeded((d,), 102).tolist()}
    return [
        {"name": "single", "loss": "probe", "rows": [single], **probe},
        {"name": "packed", "loss": "probe", "rows": packed, **probe},
        {"name": "iqs-sparsemax-avg", "loss": "iqs_mse", "rows": packed, "targets": [1.0, 0.0, 0.5], "head": iqs_head(cfg, True, "avg", 201)[0]},
        {"name": "iqs-softmax-cls", "loss": "iqs_mse", "rows": [single, packed[0]], "targets": [0.0, 1.0], "head": iqs_head(cfg, False, "cls", 301)[0]},
    ]


def make_encoder(fixtures, out, model):
    source = os.path.join(fixtures, model)
    cfg = json.load(open(os.path.join(source, "config.json")))
    expected = json.load(open(os.path.join(source, "expected.json")))
    stored = read_safetensors(os.path.join(source, "model.safetensors"))
    prefix = next((pre for pre in ("roberta.", "bert.", "") if pre + "embeddings.word_embeddings.weight" in stored), None)
    params = {k[len(prefix):] if k.startswith(prefix) else k: v.double() for k, v in stored.items()}
    forward_error = check_encoder_forward(params, cfg, expected)
    folder = os.path.join(out, model)
    os.makedirs(folder, exist_ok=True)
    summary = {"model": model, "prefix": prefix, "forward_max_abs_error_vs_expected": forward_error, "cases": []}
    for case in encoder_cases(model, cfg, expected):
        leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        if "head" in case:
            _, head_tensors = iqs_head(cfg, case["head"]["sparsemax"], case["head"]["pool"], 201 if case["head"]["sparsemax"] else 301)
            leaves.update({k: v.clone().requires_grad_(True) for k, v in head_tensors.items()})
        loss = encoder_loss(leaves, cfg, case)
        loss.backward()
        # Names as the checkpoint stores them (the head prefix back on encoder tensors); an unused weight (the pooler
        # under an IQS loss) has a zero gradient.
        grads = {(prefix + k if prefix + k in stored else k): (v.grad if v.grad is not None else torch.zeros_like(v)) for k, v in leaves.items()}
        touched = [i for row in case["rows"] for i in row]
        touched += [cfg["pad_token_id"] + 1 + t for row in case["rows"] for t in range(len(row))]
        sampled = store_gradients(folder, case, grads, touched, ENCODER_FULL_ROWS_LIMIT)
        summary["cases"].append({**case, "loss_value": loss.item(), "sampled": sampled})
    json.dump(summary, open(os.path.join(folder, "cases.json"), "w"), separators=(",", ":"))
    print(f"{model}: forward max |diff| {forward_error:.2e}, losses {[c['loss_value'] for c in summary['cases']]}")


def linear_shapes(cfg):
    """(module suffix, in, out) of one block's linear modules, by Hugging Face name."""
    if cfg["model_type"] == "gpt2":
        d = cfg["n_embd"]
        inner = cfg.get("n_inner") or 4 * d
        return [("attn.c_attn", d, 3 * d), ("attn.c_proj", d, d), ("mlp.c_fc", d, inner), ("mlp.c_proj", inner, d)]
    d, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    hs = cfg.get("head_dim") or d // heads
    kv = cfg.get("num_key_value_heads", heads) * hs
    inner = cfg["intermediate_size"]
    return [("self_attn.q_proj", d, heads * hs), ("self_attn.k_proj", d, kv), ("self_attn.v_proj", d, kv),
            ("self_attn.o_proj", heads * hs, d), ("mlp.gate_proj", d, inner), ("mlp.up_proj", d, inner),
            ("mlp.down_proj", inner, d)]


def make_lora(fixtures, out, model, targets, rank, alpha):
    """LoRA adapters (A uniform(+-1/sqrt(in)) as PEFT's kaiming init, B random instead of PEFT's zeros so that A has a
    gradient too) on the frozen fixture model, saved as a PEFT adapter folder, with the gradient of the packed case's
    loss for every lora_A / lora_B tensor (float64 autograd)."""
    source = os.path.join(fixtures, model)
    cfg = json.load(open(os.path.join(source, "config.json")))
    expected = json.load(open(os.path.join(source, "expected.json")))
    params = read_safetensors(os.path.join(source, "model.safetensors"))
    params = {k[len("transformer."):] if k.startswith("transformer.") else k: v.double() for k, v in params.items()}
    layers = cfg.get("n_layer") or cfg["num_hidden_layers"]
    prefix = "transformer.h." if cfg["model_type"] == "gpt2" else "model.layers."
    gen = torch.Generator().manual_seed(1616)
    lora, tensors = {}, {}
    for i in range(layers):
        for suffix, fan_in, fan_out in linear_shapes(cfg):
            if not any(suffix == t or suffix.endswith("." + t) for t in targets):
                continue
            module = f"{prefix}{i}.{suffix}"
            bound = 1 / math.sqrt(fan_in)
            a = ((torch.rand(rank, fan_in, generator=gen) * 2 - 1) * bound).double().requires_grad_(True)
            b = (torch.randn(fan_out, rank, generator=gen) * 0.05).double().requires_grad_(True)
            lora[module] = (a, b, alpha / rank)
            tensors[f"base_model.model.{module}.lora_A.weight"] = a
            tensors[f"base_model.model.{module}.lora_B.weight"] = b
    case = causal_cases(expected)[1]
    loss = masked_mean_nll(params, cfg, case["rows"], case["scored"], lora)
    loss.backward()
    folder = os.path.join(out, model + "-lora")
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), {k: v.detach() for k, v in tensors.items()})
    json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": model, "r": rank,
               "lora_alpha": alpha, "lora_dropout": 0.0, "target_modules": targets,
               "fan_in_fan_out": cfg["model_type"] == "gpt2", "bias": "none"},
              open(os.path.join(folder, "adapter_config.json"), "w"), indent=1)
    write_safetensors(os.path.join(folder, "packed.gradients.safetensors"), {k: v.grad for k, v in tensors.items()})
    json.dump({"model": model, "case": case, "loss": loss.item()}, open(os.path.join(folder, "case.json"), "w"),
              separators=(",", ":"))
    print(f"{model} LoRA {targets}: loss {loss.item():.6f}, {len(tensors)} tensors")


def make_adamw(out):
    """torch.optim.AdamW for three steps on a 4x5 tensor plus a 5-vector with given gradients."""
    gen = torch.Generator().manual_seed(16)
    params = [torch.randn(4, 5, generator=gen), torch.randn(5, generator=gen)]
    grads = [[torch.randn(p.shape, generator=gen) * 0.1 for p in params] for _ in range(3)]
    leaves = [p.clone().requires_grad_(True) for p in params]
    settings = {"lr": 1e-2, "betas": [0.9, 0.95], "eps": 1e-8, "weight_decay": 0.1}
    optimizer = torch.optim.AdamW(leaves, lr=settings["lr"], betas=tuple(settings["betas"]), eps=settings["eps"],
                                  weight_decay=settings["weight_decay"])
    tensors = {"param0.initial": params[0], "param1.initial": params[1]}
    for step in range(3):
        for leaf, g in zip(leaves, grads[step]):
            leaf.grad = g.clone()
        optimizer.step()
        for j, leaf in enumerate(leaves):
            tensors[f"param{j}.grad{step}"] = grads[step][j]
            tensors[f"param{j}.after{step}"] = leaf.detach().clone()
    write_safetensors(os.path.join(out, "adamw.safetensors"), tensors)
    json.dump({**settings, "steps": 3, "torch": torch.__version__}, open(os.path.join(out, "adamw.json"), "w"))


def main():
    fixtures, out = sys.argv[1], sys.argv[2]
    chosen = set(sys.argv[3:])  # optional: only these models (and adamw), e.g. xlmr-tiny xlmr-tiny-regression
    os.makedirs(out, exist_ok=True)
    for model in ["gpt2-tiny", "llama-tiny", "qwen2-tiny"]:
        if not chosen or model in chosen:
            make_causal(fixtures, out, model)
    for model in ["xlmr-tiny", "xlmr-tiny-regression"]:
        if not chosen or model in chosen:
            make_encoder(fixtures, out, model)
    if not chosen or "lora" in chosen:
        make_lora(fixtures, out, "gpt2-tiny", ["c_attn", "c_proj"], 4, 8)
        make_lora(fixtures, out, "llama-tiny", ["q_proj", "v_proj", "down_proj"], 4, 8)
    if not chosen or "adamw" in chosen:
        make_adamw(out)


if __name__ == "__main__":
    main()
