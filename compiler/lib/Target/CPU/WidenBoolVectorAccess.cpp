//===- WidenBoolVectorAccess.cpp - Vectors of booleans in memory as bytes -===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_WIDENBOOLVECTORACCESS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

/// vector<N x i8> for a vector<N x i1>, else null.
VectorType bytesFor(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  if (!vector || !vector.getElementType().isInteger(1))
    return {};
  return vector.clone(IntegerType::get(type.getContext(), 8));
}

/// The byte-vector form of each kind of load and store.
Value loadBytes(PatternRewriter &rewriter, LLVM::LoadOp load,
                VectorType bytes) {
  return LLVM::LoadOp::create(rewriter, load.getLoc(), bytes, load.getAddr(),
                              load.getAlignment().value_or(1));
}
Value loadBytes(PatternRewriter &rewriter, LLVM::MaskedLoadOp load,
                VectorType bytes) {
  Value passThru;
  if (Value narrow = load.getPassThru())
    passThru = LLVM::ZExtOp::create(rewriter, load.getLoc(), bytes, narrow);
  return LLVM::MaskedLoadOp::create(rewriter, load.getLoc(), bytes,
                                    load.getData(), load.getMask(), passThru,
                                    load.getAlignment(),
                                    load.getNontemporal());
}
void storeBytes(PatternRewriter &rewriter, LLVM::StoreOp store, Value bytes) {
  rewriter.replaceOpWithNewOp<LLVM::StoreOp>(store, bytes, store.getAddr(),
                                             store.getAlignment().value_or(1));
}
void storeBytes(PatternRewriter &rewriter, LLVM::MaskedStoreOp store,
                Value bytes) {
  rewriter.replaceOpWithNewOp<LLVM::MaskedStoreOp>(
      store, bytes, store.getData(), store.getMask(), store.getAlignment());
}

template <typename LoadOp> struct WidenLoad : OpRewritePattern<LoadOp> {
  using OpRewritePattern<LoadOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(LoadOp load,
                                PatternRewriter &rewriter) const override {
    VectorType bytes = bytesFor(load.getType());
    if (!bytes)
      return failure();
    Value wide = loadBytes(rewriter, load, bytes);
    rewriter.replaceOpWithNewOp<LLVM::TruncOp>(load, load.getType(), wide);
    return success();
  }
};

template <typename StoreOp> struct WidenStore : OpRewritePattern<StoreOp> {
  using OpRewritePattern<StoreOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(StoreOp store,
                                PatternRewriter &rewriter) const override {
    VectorType bytes = bytesFor(store.getValue().getType());
    if (!bytes)
      return failure();
    storeBytes(rewriter, store,
               LLVM::ZExtOp::create(rewriter, store.getLoc(), bytes,
                                    store.getValue()));
    return success();
  }
};

struct WidenBoolVectorAccessPass
    : dlc::cpu::impl::WidenBoolVectorAccessBase<WidenBoolVectorAccessPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<WidenLoad<LLVM::LoadOp>, WidenLoad<LLVM::MaskedLoadOp>,
                 WidenStore<LLVM::StoreOp>, WidenStore<LLVM::MaskedStoreOp>>(
        &getContext());
    // One walk, no folding: the rest of the module stays as it was.
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
