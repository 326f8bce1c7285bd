//===- DlcDialect.td - The dlc dialect declaration ---------*- tablegen -*-===//
#ifndef DLC_DIALECT_TD
#define DLC_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::dlc";
  let summary = "Graph-level operators of deep-learning models";
  let description = [{
    The `dlc` dialect holds operators at the level of ONNX and Keras layers,
    on ranked tensors. Every operator infers its result type from its operands
    and attributes (InferTypeOpInterface), so shapes can be refined after the
    batch size of the inputs becomes known, and each operator states its
    numpy-style broadcasting and shape rules in one place.
  }];
  let hasConstantMaterializer = 1;
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

// Element types the compiler handles: f32/f64 for values, i64/i32 for
// indices and shapes, the other integers, and i1 for comparison results.
// Signless integers are signed; unsigned ones have MLIR's unsigned types
// until the lowering moves their signedness into the ops
// (dlc-convert-to-linalg). f16 and bf16 are storage types: they can be
// moved, reshaped and cast, not computed with.
def Dlc_IntegerTensor
    : RankedTensorOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
def Dlc_Tensor : RankedTensorOf<[F32, F64, F16, BF16, I1, I8, I16, I32, I64,
                                 UI8, UI16, UI32, UI64]>;
def Dlc_FloatTensor : RankedTensorOf<[F32, F64]>;
def Dlc_NumericTensor : RankedTensorOf<[F32, F64, I8, I16, I32, I64, UI8,
                                        UI16, UI32, UI64]>;
def Dlc_IndexTensor : RankedTensorOf<[I32, I64]>;
def Dlc_BoolTensor : RankedTensorOf<[I1]>;

// Axes and sizes are signed (negative axes count from the end); upstream's
// I64Attr reads back as uint64_t.
def Dlc_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                               "64-bit integer attribute">;

#endif // DLC_DIALECT_TD
