// Times onnxruntime-node (the reference runtime) on a model's test inputs, one intra-op thread unless told, the same way
// `modelgen bench` times ModelGen: warm up for a while, then time single runs; print one JSON object.
// Usage: node ort-bench.mjs <model.onnx> <data dir> [runs] [warmup seconds] [intra-op threads]
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const [modelPath, dataDir, runsArg, warmupArg, threadsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 50);
const warmupSeconds = Number(warmupArg ?? 2);
const threads = Number(threadsArg ?? 1);

// Minimal TensorProto reader: dims (1), data_type (2), raw_data (9), packed float_data (4).
function readTensor(bytes) {
  let pos = 0;
  const varint = () => { let v = 0n, shift = 0n; for (;;) { const b = bytes[pos++]; v |= BigInt(b & 0x7f) << shift; if (!(b & 0x80)) return v; shift += 7n; } };
  const dims = []; let type = 0; let raw = null; let floats = null;
  while (pos < bytes.length) {
    const tag = Number(varint()); const field = tag >> 3, wire = tag & 7;
    if (wire === 0) { const v = varint(); if (field === 1) dims.push(Number(v)); else if (field === 2) type = Number(v); continue; }
    if (wire === 2) {
      const len = Number(varint()); const chunk = bytes.subarray(pos, pos + len); pos += len;
      if (field === 9) raw = chunk;
      else if (field === 4) floats = new Float32Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + len));
      else if (field === 1) { let p = 0; while (p < chunk.length) { let v = 0, s = 0, b; do { b = chunk[p++]; v += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); dims.push(v); } }
      continue;
    }
    if (wire === 5) { pos += 4; continue; }
    if (wire === 1) { pos += 8; continue; }
    throw new Error('unsupported wire type ' + wire);
  }
  if (type !== 1) throw new Error('only float32 inputs are supported here (data_type ' + type + ')');
  const data = raw ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)) : floats;
  return new ort.Tensor('float32', data, dims);
}

const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3 });
const feeds = {};
session.inputNames.forEach((name, i) => { feeds[name] = readTensor(fs.readFileSync(path.join(dataDir, `input_${i}.pb`))); });

let warmRuns = 0;
const warmEnd = performance.now() + warmupSeconds * 1000;
do { await session.run(feeds); warmRuns++; } while (performance.now() < warmEnd);
const times = [];
for (let i = 0; i < runs; i++) { const t = performance.now(); await session.run(feeds); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
const f = v => Number(v.toFixed(3));
console.log(JSON.stringify({ model: modelPath, runtime: 'onnxruntime-node 1.30.0', threads, runs, warmupRuns: warmRuns,
  medianMs: f(times[Math.floor(runs / 2)]), minMs: f(times[0]), p90Ms: f(times[Math.min(runs - 1, Math.ceil(runs * 0.9) - 1)]) }));
