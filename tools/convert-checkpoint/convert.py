#!/usr/bin/env python3
"""Convert CaR IQS and SCAR ranker checkpoints into folders Winnow reads (safetensors + config.json + tokenizer.json).

Runs on the user's side (needs torch, safetensors, transformers, pyyaml); Winnow itself never runs Python.

  python convert.py iqs  --ckpt epoch=3-step=1016-val_kendall=0.600.ckpt --hparams hparams.yaml \
                         --encoder xlm-roberta-large --out models/iqs
  python convert.py scar --model lizhuang144/scar-roberta-base-local-dir --out models/scar-roberta-base
  python convert.py bin  --bin pytorch_model.bin --out model.safetensors
"""
import argparse
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file


def load_state_dict(path):
    """A Lightning .ckpt keeps the weights under 'state_dict'; a pytorch_model.bin is the state dict itself."""
    obj = torch.load(path, map_location="cpu", weights_only=False)
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        sys.exit(f"{path}: no tensors found")
    return tensors


def write_safetensors(tensors, path):
    # clone() breaks storage sharing (tied weights), which safetensors refuses to write.
    save_file({k: v.detach().contiguous().clone() for k, v in tensors.items()}, path, metadata={"format": "pt"})


def save_encoder_files(encoder, out):
    """The encoder's config.json and a fast tokenizer.json, from a Hub name or a local folder."""
    from transformers import AutoConfig, AutoTokenizer
    AutoConfig.from_pretrained(encoder).save_pretrained(out)
    tokenizer = AutoTokenizer.from_pretrained(encoder, use_fast=True)
    tokenizer.save_pretrained(out)
    if not os.path.exists(os.path.join(out, "tokenizer.json")):
        sys.exit(f"{encoder}: no fast tokenizer (tokenizer.json) could be produced")


def iqs(args):
    import yaml
    os.makedirs(args.out, exist_ok=True)
    tensors = load_state_dict(args.ckpt)
    expected = ["layerwise_attention.gamma", "estimator.ff.0.weight", "encoder.model.embeddings.word_embeddings.weight"]
    missing = [k for k in expected if k not in tensors]
    if missing:
        sys.exit(f"{args.ckpt}: not a COMET instruction_metric checkpoint, missing {missing}")
    with open(args.hparams) as f:
        hparams = yaml.safe_load(f)
    if hparams.get("class_identifier") not in (None, "instruction_metric"):
        print(f"warning: class_identifier is {hparams.get('class_identifier')}, not instruction_metric", file=sys.stderr)
    write_safetensors(tensors, os.path.join(args.out, "model.safetensors"))
    shutil.copyfile(args.hparams, os.path.join(args.out, "hparams.yaml"))
    save_encoder_files(args.encoder or hparams.get("pretrained_model", "xlm-roberta-large"), args.out)
    print(f"wrote {args.out}: {len(tensors)} tensors")


def scar(args):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.model, "config.json")) as f:
        ranker_config = json.load(f)
    bin_path = os.path.join(args.model, "pytorch_model.bin")
    st_path = os.path.join(args.model, "model.safetensors")
    if os.path.exists(bin_path):
        tensors = load_state_dict(bin_path)
    else:
        from safetensors.torch import load_file
        tensors = load_file(st_path)
    if "relation_network.0.weight" not in tensors:
        sys.exit(f"{args.model}: not a SCAR StyleRanker state dict (no relation_network.0.weight)")
    write_safetensors(tensors, os.path.join(args.out, "model.safetensors"))
    # config.json becomes the encoder's config (what Winnow's encoder loader reads); the ranker's own config is kept.
    with open(os.path.join(args.out, "style_ranker_config.json"), "w") as f:
        json.dump(ranker_config, f, indent=2)
    save_encoder_files(args.encoder or ranker_config["encoder_name"], args.out)
    print(f"wrote {args.out}: {len(tensors)} tensors")


def bin_to_safetensors(args):
    write_safetensors(load_state_dict(args.bin), args.out)
    print(f"wrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("iqs", help="CaR IQS (COMET instruction_metric Lightning .ckpt)")
    p.add_argument("--ckpt", required=True)
    p.add_argument("--hparams", required=True, help="hparams.yaml (one folder above checkpoints/)")
    p.add_argument("--encoder", help="encoder for config.json/tokenizer.json (default: hparams pretrained_model)")
    p.add_argument("--out", required=True)
    p.set_defaults(run=iqs)
    p = sub.add_parser("scar", help="SCAR StyleRanker folder (config.json + pytorch_model.bin)")
    p.add_argument("--model", required=True)
    p.add_argument("--encoder", help="encoder for config.json/tokenizer.json (default: the ranker's encoder_name)")
    p.add_argument("--out", required=True)
    p.set_defaults(run=scar)
    p = sub.add_parser("bin", help="any pytorch_model.bin or .ckpt to one safetensors file")
    p.add_argument("--bin", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(run=bin_to_safetensors)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
