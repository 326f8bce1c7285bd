// Times ONNX Runtime (onnxruntime-node, CPU execution provider) on one model.
//
//   node bench/peers/ort_bench.js MODEL.onnx BATCH THREADS ITERATIONS
//
// Install once with:  cd bench && npm install --ignore-scripts onnxruntime-node
// (the package's install script tries to download optional GPU libraries; the
// CPU binding ships inside the package, so skipping the script is fine).
//
// Every input gets random values of its declared shape, with symbolic
// dimensions (the batch axis) set to BATCH; int64 inputs (token ids) get
// integers in [0, 1000). After two untimed warm-up runs, ITERATIONS runs are
// timed one by one. Prints one JSON line:
//
//   {"compile_ms":..,"median_us":..,"p90_us":..,"samples_per_s":..,"cpu_s":..,"wall_s":..,"version":..}
//
// compile_ms is the session creation (load + graph optimization); cpu_s and
// wall_s cover all timed runs together. cpu_s counts every thread of the
// process, so cpu_s / wall_s is the number of cores kept busy (ONNX Runtime's
// pool threads spin while they wait for work, which shows up here). version
// is ONNX Runtime's.
"use strict";

const path = require("path");

// onnxruntime-node lives in bench/node_modules, wherever this is run from.
let ort;
try {
  ort = require(path.join(__dirname, "..", "node_modules", "onnxruntime-node"));
} catch (error) {
  console.error(`onnxruntime-node does not load (${error.message.split("\n")[0]}); ` +
                "install it with: cd bench && npm install --ignore-scripts onnxruntime-node");
  process.exit(1);
}

const WARMUP_RUNS = 2;

function randomTensor(metadata, batch) {
  const dims = metadata.shape.map((dim) => (typeof dim === "number" ? dim : batch));
  const count = dims.reduce((a, b) => a * b, 1);
  if (metadata.type === "int64") {
    const data = BigInt64Array.from({ length: count }, () => BigInt(Math.floor(Math.random() * 1000)));
    return new ort.Tensor("int64", data, dims);
  }
  if (metadata.type === "float32") {
    return new ort.Tensor("float32", Float32Array.from({ length: count }, Math.random), dims);
  }
  throw new Error(`input ${metadata.name}: unsupported type ${metadata.type}`);
}

// The value at `fraction` of the way through `sorted` (0.5: the median).
function percentile(sorted, fraction) {
  return sorted[Math.round(fraction * (sorted.length - 1))];
}

async function main() {
  const [model, batchArg, threadsArg, iterationsArg] = process.argv.slice(2);
  if (iterationsArg === undefined) {
    console.error("usage: node ort_bench.js MODEL.onnx BATCH THREADS ITERATIONS");
    process.exit(2);
  }
  const batch = Number(batchArg);
  const iterations = Number(iterationsArg);

  const compileStart = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ["cpu"],
    intraOpNumThreads: Number(threadsArg),
    interOpNumThreads: 1,
  });
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;

  const feeds = {};
  for (const metadata of session.inputMetadata) feeds[metadata.name] = randomTensor(metadata, batch);

  for (let i = 0; i < WARMUP_RUNS; ++i) await session.run(feeds);

  const runUs = [];
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    runUs.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  const wallS = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart); // microseconds, user and system
  runUs.sort((a, b) => a - b);

  const median = percentile(runUs, 0.5);
  console.log(JSON.stringify({
    compile_ms: +compileMs.toFixed(1),
    median_us: +median.toFixed(1),
    p90_us: +percentile(runUs, 0.9).toFixed(1),
    samples_per_s: +((batch * 1e6) / median).toFixed(1),
    cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(4),
    wall_s: +wallS.toFixed(4),
    version: `ONNX Runtime ${ort.env.versions.common}`,
  }));
}

main().catch((error) => {
  console.error(error.message || String(error));
  process.exit(1);
});
