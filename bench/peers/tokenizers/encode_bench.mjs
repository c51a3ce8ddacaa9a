// Peer figure for Winnow's `timing tokenizers` command: encodes the same texts with transformers.js.
// Usage: node encode_bench.mjs <tokenizer dir> <texts.json (array of strings)> <passes>
// Prints one JSON object: load_ms, tokens, hash (FNV-1a over the ids' little-endian bytes), wall and CPU seconds per pass.
import { readFileSync } from "node:fs";
import path from "node:path";
import { AutoTokenizer, env } from "@huggingface/transformers";

const [dir, textsFile, passesArg] = process.argv.slice(2);
if (!dir || !textsFile) {
  console.error("usage: node encode_bench.mjs <tokenizer dir> <texts.json> [passes]");
  process.exit(2);
}
const passes = Number(passesArg ?? 5);
const texts = JSON.parse(readFileSync(textsFile, "utf8"));

env.allowRemoteModels = false;
env.localModelPath = path.dirname(path.resolve(dir)) + path.sep;
let t0 = performance.now();
const tokenizer = await AutoTokenizer.from_pretrained(path.basename(path.resolve(dir)));
const loadMs = performance.now() - t0;

let tokens = 0;
let hash = 2166136261;
for (const text of texts) {
  const ids = tokenizer.encode(text);
  tokens += ids.length;
  for (const id of ids) {
    for (let k = 0; k < 4; k++) {
      hash ^= (id >>> (8 * k)) & 0xff;
      hash = Math.imul(hash, 16777619) >>> 0;
    }
  }
}

const seconds = [];
const cpuSeconds = [];
for (let p = 0; p < passes; p++) {
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  for (const text of texts) n += tokenizer.encode(text).length;
  seconds.push((performance.now() - t0) / 1000);
  const cpu = process.cpuUsage(cpu0);
  cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  if (n !== tokens) throw new Error("non-deterministic token count");
}
console.log(JSON.stringify({ load_ms: loadMs, tokens, hash: hash >>> 0, seconds, cpu_seconds: cpuSeconds }));
