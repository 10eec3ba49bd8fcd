// wasm-opt -Oz on many modules in one process: the route chunks of scripts/build-console. The
// npm binaryen (132, pinned in package.json) is binaryen compiled to wasm, and starting it costs
// about a second a call: over two hundred chunks, loading it once saves minutes.
//   node scripts/wasm-opt-all.mjs FILE.wasm...   (each optimized in place)
import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';

const F = binaryen.Features;
// What Rust's wasm32-unknown-unknown target enables by default (the same as the command
// line's --enable-bulk-memory … --enable-reference-types).
const features = F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals
  | F.Multivalue | F.ReferenceTypes;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
// WASM_OPT_NAMES=1 keeps the functions' names, for a profile of the release build.
if (process.env.WASM_OPT_NAMES === '1') binaryen.setDebugInfo(true);
for (const file of process.argv.slice(2)) {
  const mod = binaryen.readBinary(readFileSync(file));
  mod.setFeatures(features);
  mod.optimize();
  writeFileSync(file, mod.emitBinary());
  mod.dispose();
}
