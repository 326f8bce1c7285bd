//===- Passes.td - Code generation shared by targets ------*- tablegen -*-===//
//
// Passes between linalg on tensors and a target's own lowering that do not
// depend on the target: boundary fixes before bufferization, the generic
// vectorizer for ops without a target strategy, static allocations.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CODEGEN_PASSES_TD
#define DLC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def VectorizeLinalg : Pass<"dlc-vectorize-linalg", "mlir::func::FuncOp"> {
  let summary = "Tile linalg ops into vector-sized pieces and vectorize them";
  let description = [{
    Works on linalg ops on buffers. Each op is tiled so that its innermost
    dimension maps to whole vectors of `vector-width` lanes (matmuls get an
    8 x (2 * vector-width) register tile over a unit reduction step), then
    vectorized. Where no vector length divides an innermost dimension longer
    than a vector, and at least 4 lanes are left over, its last tile is
    peeled and vectorized at its own size. Ops that the vectorizer does not
    support, or of other sizes that no length divides, stay scalar and later
    lower to loops.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register (16 for AVX-512, 8 for AVX2)">
  ];
  let dependentDialects = [
    "mlir::vector::VectorDialect", "mlir::scf::SCFDialect",
    "mlir::memref::MemRefDialect", "mlir::affine::AffineDialect"
  ];
}

def CopyAliasedResults : Pass<"dlc-copy-aliased-results", "mlir::func::FuncOp"> {
  let summary = "Give every returned tensor a buffer of its own; keep the "
                "arguments' buffers read-only";
  let description = [{
    Results become out-parameters that the caller owns, one buffer each. A
    function that returns one of its arguments, or one value twice (an
    identity output, a graph with two outputs of the same value), would make
    two buffers one; buffer-results-to-out-params does not handle that. This
    pass, run on tensors before bufferization, returns a copy
    (linalg.copy into tensor.empty) in those places. The arguments are the
    caller's inputs: it marks them `bufferization.writable = false`, so that
    an op updating a tensor in place (a scatter) copies an argument first.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"
  ];
}

def FlattenEmptyBoundaryTensors
    : Pass<"dlc-flatten-empty-boundary-tensors", "mlir::func::FuncOp"> {
  let summary = "Pass zero-element arguments and results as tensor<0xT>";
  let description = [{
    A tensor with no elements carries no data, but its memref keeps the
    shape: MLIR's canonical strides treat a 0 dimension like a dynamic one,
    so `memref<3x0xf32>` gets a dynamic stride and the bare-pointer calling
    convention of compiled functions cannot pass it (the function would not
    convert to LLVM). On a public function, this pass gives each zero-element
    argument and result of static shape the type `tensor<0xT>`; inside, the
    argument's uses read a `tensor.empty` of its shape and the result is a
    `tensor.empty` too. Run it on tensors, before bufferization.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def StridedCopiesToLinalg
    : Pass<"dlc-strided-copies-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Copies between non-contiguous views become linalg.copy";
  let description = [{
    Bufferization writes a padded tensor as a copy into the interior view of
    a larger buffer. The LLVM lowering turns a `memref.copy` of contiguous
    memory into memcpy, but any other into a call to MLIR's runtime
    `memrefCopy`, which walks the elements one index vector at a time. This
    pass rewrites each `memref.copy` of static shape whose source or target
    is not contiguous into a `linalg.copy`, which the generic vectorizer and
    the loop lowering then compile in place.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def HoistStaticAllocas
    : Pass<"dlc-hoist-static-allocas", "mlir::func::FuncOp"> {
  let summary = "Move fixed-size stack buffers out of sequential loops";
  let description = [{
    An `llvm.alloca` outside a function's entry block reserves new stack on
    every execution and frees it only when the function returns, so a stack
    buffer inside a loop grows the stack with each iteration. MLIR 22's
    `convert-vector-to-scf` places its staging buffers at the start of the
    innermost loop body; a long training step (an LSTM's time loop around a
    tiled matmul) then overflows the stack.

    This pass moves every `memref.alloca` of static shape out of the
    `scf.for`, `scf.while`, `scf.if` and `scf.execute_region` ops around it,
    to the start of its allocation scope. The buffer's contents are undefined
    at each allocation, so reusing one buffer across iterations is
    equivalent. Parallel loops are a boundary: each of their iterations needs
    a buffer of its own.

    Example:
    ```mlir
    scf.for %i = %c0 to %c8 step %c1 {
      %b = memref.alloca() : memref<vector<8x32xf32>>
      ...
    }
    ```
    becomes
    ```mlir
    %b = memref.alloca() : memref<vector<8x32xf32>>
    scf.for %i = %c0 to %c8 step %c1 {
      ...
    }
    ```
  }];
}

#endif // DLC_CODEGEN_PASSES_TD
