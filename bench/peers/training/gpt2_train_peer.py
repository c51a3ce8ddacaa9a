#!/usr/bin/python3
"""PyTorch 1.13 peer of `timing train-gpt2-small`: GPT-2-small shapes (12 layers, 768 wide, 12 heads, vocab 50,257,
tied head), random weights, batch 4 x 256, every next-token position in the loss, forward + backward +
torch.optim.AdamW step, float32, CPU. Usage: /usr/bin/python3 gpt2_train_peer.py [threads=2] [timed steps=3]"""
import math
import sys
import time

import torch
import torch.nn.functional as F

LAYERS, WIDTH, HEADS, VOCAB, POSITIONS, ROWS, LENGTH = 12, 768, 12, 50257, 1024, 4, 256


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = torch.nn.LayerNorm(WIDTH), torch.nn.LayerNorm(WIDTH)
        self.c_attn, self.c_proj = torch.nn.Linear(WIDTH, 3 * WIDTH), torch.nn.Linear(WIDTH, WIDTH)
        self.c_fc, self.mlp_proj = torch.nn.Linear(WIDTH, 4 * WIDTH), torch.nn.Linear(4 * WIDTH, WIDTH)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(WIDTH, -1)
        q, k, v = (z.view(b, t, HEADS, WIDTH // HEADS).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(WIDTH // HEADS)
        scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        a = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, WIDTH)
        x = x + self.c_proj(a)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class Gpt2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(VOCAB, WIDTH), torch.nn.Embedding(POSITIONS, WIDTH)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = torch.nn.LayerNorm(WIDTH)
        for p in self.parameters():
            if p.dim() == 2:
                torch.nn.init.normal_(p, std=0.02)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    timed = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(threads)
    torch.manual_seed(7)
    model = Gpt2()
    decay = [p for p in model.parameters() if p.dim() == 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": plain, "weight_decay": 0.0}], lr=1e-4)
    ids = torch.randint(0, VOCAB, (ROWS, LENGTH))

    def step():
        optimizer.zero_grad(set_to_none=True)
        logits = model(ids)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, VOCAB), ids[:, 1:].reshape(-1))
        loss.backward()
        optimizer.step()
        return loss.item()

    print(f"torch {torch.__version__}, {threads} threads; warm-up step loss {step():.4f}")
    seconds = []
    for i in range(timed):
        wall, cpu = time.perf_counter(), time.process_time()
        loss = step()
        seconds.append(time.perf_counter() - wall)
        print(f"step {i + 1}: {seconds[-1]:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, loss {loss:.4f}")
    median = sorted(seconds)[len(seconds) // 2]
    print(f"median {median:.2f} s per step -> {ROWS * LENGTH / median:.0f} tokens/s (forward + backward + AdamW, {ROWS}x{LENGTH})")


if __name__ == "__main__":
    main()
