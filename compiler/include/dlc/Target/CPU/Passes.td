//===- Passes.td - The CPU target's passes -----------------*- tablegen -*-===//
#ifndef DLC_TARGET_CPU_PASSES_TD
#define DLC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwise : Pass<"dlc-cpu-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse elementwise producers into generic consumers only";
  let description = [{
    Upstream's elementwise fusion (linalg-fuse-elementwise-ops: producer
    into consumer, reshapes folded by expansion, constants folded), except
    that a named op (matmul, convolution, pool) is never a consumer: fusing
    a producer into it would turn it into a linalg.generic that the CPU
    strategy no longer recognizes, e.g. an im2col copy folded back into its
    matmul as a scalar convolution-shaped loop nest. Ops on constants
    still fold as upstream folds them (a Gemm's transposed weight becomes
    a constant).
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect"
  ];
}

def PackConvolutions : Pass<"dlc-cpu-pack-convolutions", "mlir::func::FuncOp"> {
  let summary = "Convolutions whose vectors hold output channels";
  let description = [{
    Rewrites `linalg.conv_1d_ncw_fcw` and `linalg.conv_2d_nchw_fchw` of f32
    and static shape whose output channels fill whole vectors of
    `vector-width` lanes into a packed convolution: a `linalg.generic` marked
    `dlc.packed_convolution` over the loops (n, fo, o..., fi, c, k...) with
    the filter reordered to (F / lanes, C, K..., lanes). The reordering is
    folded when the filter is a constant and a copy otherwise. The CPU
    strategy then gives each register tile one vector of output channels
    per output position (PackedConvolution.h), instead of one vector of
    positions per output channel, which wastes lanes on rows shorter than a
    vector.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register (16 for AVX-512, 8 for AVX2)">
  ];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect"
  ];
}

def BlockChannels : Pass<"dlc-cpu-block-channels", "mlir::func::FuncOp"> {
  let summary = "Chains of packed convolutions, elementwise ops and pools "
                "in blocks of channels";
  let description = [{
    Moves the tensors between packed convolutions into the blocked layout
    (N, C/L, spatial..., L) that their vectors of L channels read and
    write, so that neither transposes its tile: a packed convolution writes
    blocked output when its result flows, through elementwise ops with no
    other operands (a ReLU), into a pool or another packed convolution;
    those elementwise ops and pools (without padding: a max or sum of
    strided slices) then run on the blocked tensor, and a packed
    convolution reads a blocked input in place. Where a consumer needs
    NCHW, a copy unblocks the tensor.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect"
  ];
}

def DecomposePads : Pass<"dlc-cpu-decompose-pads", "mlir::func::FuncOp"> {
  let summary = "Padding as a fill and an interior written in place";
  let description = [{
    Rewrites each `tensor.pad` of static shape with a constant padding value
    into a `linalg.fill` of the padded tensor, flattened to one dimension
    (whole vectors divide it where rows of odd width do not), and a
    `tensor.insert_slice` of the source. When the source is computed into a
    `tensor.empty` (through the destinations of its ops), that empty tensor
    becomes the interior of the padded one, so bufferization writes the
    source in place instead of copying it: a vectorized fill instead of a
    memset and a memmove, both on one thread. Runs after the last CSE on
    tensors, which would share one fill between pads of one shape.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"
  ];
}

def SelectLowering : Pass<"dlc-cpu-select-lowering", "mlir::func::FuncOp"> {
  let summary = "Attach the CPU target's lowering configuration to root ops";
  let description = [{
    Gives each linalg op the CPU strategy handles (matmul and batch_matmul
    of f32 on tensors of static shape, convolutions and pools) a
    `dlc.lowering_config` attribute: parallel tiles (the tasks threads
    share, about `parallel-tasks` of them), cache tiles, their loop order
    and the register (vector) tile, chosen for `vector-width` lanes (see
    CpuStrategy.cpp). An op that already has one
    keeps it, so a configuration can be written by hand in dlc-opt input.

    Example: a 128x784 by 784x512 matmul with 16 lanes gets
    `{cache = array<i64: 0, 0, 112>, interchange = array<i64: 1, 2, 0>,
    vector = array<i64: 8, 32, 1>}`.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register (16 for AVX-512, 8 for AVX2)">,
    Option<"parallelTasks", "parallel-tasks", "int64_t", /*default=*/"1",
           "Tasks to cut each large op into for threads (1: none)">
  ];
}

def TileAndVectorize : Pass<"dlc-cpu-tile-and-vectorize", "mlir::func::FuncOp"> {
  let summary = "Tile ops by their lowering configuration and vectorize them";
  let description = [{
    Works on tensors, before bufferization. Each op with a
    `dlc.lowering_config` is tiled for the cache (loops in the configured
    order), then tiled again by its register tile, and the register tile is
    vectorized: a matmul tile becomes one `vector.contract` between
    `vector.transfer_read`s of its operands and a `vector.transfer_write` of
    the accumulator. A register loop that its tile does not divide is
    peeled (a main loop of full tiles and one last, smaller tile), so every
    tile has a static shape and no vector needs a mask. After
    bufferization, dlc-hoist-vector-transfers keeps the accumulator in
    registers across the k loop.
  }];
  let dependentDialects = [
    "mlir::vector::VectorDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::affine::AffineDialect",
    "mlir::arith::ArithDialect"
  ];
}

def WidenBoolVectorAccess
    : Pass<"dlc-cpu-widen-bool-vector-access", "mlir::ModuleOp"> {
  let summary = "Load and store vectors of booleans as bytes";
  let description = [{
    On the LLVM dialect, last. dlc keeps a boolean tensor one byte per
    element (memref<...xi1> elements are addressed as bytes, and so are
    the runtime's bool tensors), but LLVM stores a vector<N x i1> as N
    packed bits. Each load and store of such a vector (plain or masked) is
    rewritten to move vector<N x i8> and truncate or extend it, so that
    vectorized code and element-by-element code agree on the layout.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def InsertRuntimeChecks
    : Pass<"dlc-cpu-insert-runtime-checks", "mlir::ModuleOp"> {
  let summary = "Check every memory access at run time (--check-bounds)";
  let description = [{
    On buffers and loops, before the LLVM stages. Every op upstream can
    verify at run time (RuntimeVerifiableOpInterface: memref.load, store,
    subview, cast, ...) gets its checks, and so does every vector access
    upstream cannot verify: vector.load and vector.store, and the in-bounds
    dimensions of vector.transfer_read and transfer_write (an index plus
    the vector's extent must stay within the buffer). A failed check calls
    the runtime's `dlc_runtime_check_failed` with a message naming the
    check, the op and the model nodes it was compiled from (the op's
    location), which reports it and stops the process, instead of the
    access corrupting memory.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::cf::ControlFlowDialect",
    "mlir::func::FuncDialect", "mlir::index::IndexDialect",
    "mlir::LLVM::LLVMDialect", "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect"
  ];
}

def OutlineParallelLoops
    : Pass<"dlc-cpu-outline-parallel-loops", "mlir::ModuleOp"> {
  let summary = "Run outermost scf.forall loops on the runtime's thread pool";
  let description = [{
    On buffers, before the conversion to LLVM. Each outermost `scf.forall`
    becomes a call `dlc_parallel_for(count, @task, context)` into the
    runtime's thread pool, and its body a private function
    `@<func>_tasks(%context: !llvm.ptr, %begin: i64, %end: i64)` that runs
    iterations [begin, end) of the linearized loop. The values the body
    uses travel in a struct on the caller's stack: memrefs as LLVM
    descriptors, indices as i64, scalars as they are; constants and other
    operand-free pure ops are cloned into the function instead.
  }];
  let dependentDialects = [
    "mlir::LLVM::LLVMDialect", "mlir::func::FuncDialect",
    "mlir::scf::SCFDialect", "mlir::arith::ArithDialect"
  ];
}

def ApproximateMath : Pass<"dlc-cpu-approximate-math", "mlir::func::FuncOp"> {
  let summary = "Polynomial approximations of exp, log, tanh and erf";
  let description = [{
    Rewrites f32 `math.exp`, `expm1`, `log`, `log1p`, `log2`, `tanh` and
    `erf` (scalars and vectors; f16 and bf16 through f32) into upstream's
    polynomial approximations: arithmetic on whole vectors, accurate to a
    few ulps, with infinities and NaNs kept. Lowered as they are, these ops
    become one libm call per lane: a recurrent cell's sigmoid and tanh
    gates then cost ten times its matrix products.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::math::MathDialect",
    "mlir::vector::VectorDialect"
  ];
}

def HoistVectorTransfers
    : Pass<"dlc-hoist-vector-transfers", "mlir::func::FuncOp"> {
  let summary = "Keep loop-invariant vector reads and writes in registers";
  let description = [{
    On buffers: a `vector.transfer_read` and `vector.transfer_write` of the
    same memref location inside an `scf.for`, with no other access to that
    memref in the loop, move before and after the loop, and the vector is
    carried by the loop instead (upstream's
    `linalg::hoistRedundantVectorTransfers`). This is what keeps a row
    kernel's accumulators (VectorizeWindow.cpp) in registers over the loops
    of input channels and kernel rows around its tile; a matmul's are
    carried through its k loop already on tensors (upstream's hoisting
    skips any buffer that is also viewed somewhere). Views are folded
    into the transfers first, since the hoisting does not look through
    `memref.subview`, and common subexpressions merged, since a read and a
    write pair up only when their indices are the same values.
  }];
  let dependentDialects = [
    "mlir::vector::VectorDialect", "mlir::scf::SCFDialect",
    "mlir::memref::MemRefDialect", "mlir::affine::AffineDialect"
  ];
}

#endif // DLC_TARGET_CPU_PASSES_TD
