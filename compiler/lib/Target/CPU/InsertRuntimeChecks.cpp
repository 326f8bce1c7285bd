//===- InsertRuntimeChecks.cpp - Memory accesses checked at run time ------===//
//
// The checked mode of `dlc run/train/compile --check-bounds`. Upstream's
// RuntimeVerifiableOpInterface covers the memref ops; the vector accesses
// that vectorized code does most of its loads and stores with are checked
// here. Every check is a cf.assert at first, as upstream writes them (and
// as the lowering of gathers and scatters writes its index checks); all of
// them then become a call into the runtime, which prints the message on
// stderr and stops the process (upstream's lowering would print to stdout
// and abort).
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace dlc::cpu {
#define GEN_PASS_DEF_INSERTRUNTIMECHECKS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

/// The runtime function a failed check calls (runtime/RuntimeChecks.h).
constexpr llvm::StringLiteral kCheckFailedName = "dlc_runtime_check_failed";

/// "node 'conv1' of model.pbtxt" (or "nodes 'a', 'b' of ..." for ops that
/// fusion merged), from the NameLoc(node, FileLineColLoc(path)) locations
/// the importer gives ops; "code dlc added" for an op of no node.
std::string describeNodes(Location loc) {
  llvm::SetVector<StringRef> names;
  std::string file;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner))
      names.insert(named.getName().strref());
    else if (auto position = dyn_cast<FileLineColLoc>(inner);
             position && file.empty())
      file = position.getFilename().str();
    return WalkResult::advance();
  });
  if (names.empty())
    return "code dlc added";
  std::string text = names.size() == 1 ? "node " : "nodes ";
  for (auto [index, name] : llvm::enumerate(names))
    text += (index ? ", '" : "'") + name.str() + "'";
  return file.empty() ? text : text + " of " + file;
}

/// What a check of `op` says when it fails; the nodes are added when the
/// checks are lowered, from the assert's location.
std::string checkMessage(Operation *op, StringRef check) {
  return check.str() + " in " + op->getName().getStringRef().str();
}

/// A vector load or store in a buffer: which buffer dimension each vector
/// dimension runs along (`map`), and whether the access promises to stay in
/// bounds there (else its lowering masks the lanes past the end).
struct VectorAccess {
  Value buffer;
  ValueRange indices;
  VectorType vector;
  AffineMap map;
  SmallVector<bool> inBounds;
  /// With a mask, lanes off the mask are not accessed: only the buffer
  /// dimensions no vector dimension runs along can be checked.
  bool masked = false;
  /// Where the check goes: before the access, or before the vector.mask
  /// that holds it (whose region takes the access alone).
  Operation *checkedOp = nullptr;
};

std::optional<VectorAccess> vectorAccessOf(Operation *op) {
  auto plain = [](Value buffer, ValueRange indices, VectorType vector) {
    auto type = cast<MemRefType>(buffer.getType());
    return VectorAccess{buffer, indices, vector,
                        AffineMap::getMinorIdentityMap(
                            type.getRank(), vector.getRank(),
                            buffer.getContext()),
                        SmallVector<bool>(vector.getRank(), true)};
  };
  auto transfer = [](VectorTransferOpInterface access) {
    return VectorAccess{access.getBase(), access.getIndices(),
                        access.getVectorType(), access.getPermutationMap(),
                        access.getInBoundsValues(),
                        static_cast<bool>(access.getMask())};
  };
  std::optional<VectorAccess> access;
  if (auto load = dyn_cast<vector::LoadOp>(op))
    access = plain(load.getBase(), load.getIndices(), load.getVectorType());
  else if (auto store = dyn_cast<vector::StoreOp>(op))
    access = plain(store.getBase(), store.getIndices(), store.getVectorType());
  else if (auto read = dyn_cast<vector::TransferReadOp>(op))
    access = transfer(read);
  else if (auto write = dyn_cast<vector::TransferWriteOp>(op))
    access = transfer(write);
  if (!access)
    return std::nullopt;
  // Buffers of vectors (memref<?xvector<8xf32>>) are indexed by element;
  // dlc makes none, and the extents below would not apply.
  auto type = dyn_cast<MemRefType>(access->buffer.getType());
  if (!type || isa<VectorType>(type.getElementType()))
    return std::nullopt;
  access->checkedOp = op;
  if (auto maskable = dyn_cast<vector::MaskableOpInterface>(op);
      maskable && maskable.isMasked()) {
    access->masked = true;
    access->checkedOp = maskable.getMaskingOp().getOperation();
  }
  return access;
}

/// 0 <= index <= the buffer's size along `dim` - extent (not index +
/// extent <= size, which would wrap around for an index near 2^63).
Value fitsAlong(OpBuilder &builder, Location loc, Value buffer, int64_t dim,
                Value index, int64_t extent) {
  auto type = cast<MemRefType>(buffer.getType());
  Value size =
      type.isDynamicDim(dim)
          ? memref::DimOp::create(builder, loc, buffer, dim).getResult()
          : arith::ConstantIndexOp::create(builder, loc, type.getDimSize(dim))
                .getResult();
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value extentValue = arith::ConstantIndexOp::create(builder, loc, extent);
  Value lastStart = arith::SubIOp::create(builder, loc, size, extentValue);
  Value nonNegative = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::sge, index, zero);
  Value fits = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sle,
                                     index, lastStart);
  return arith::AndIOp::create(builder, loc, nonNegative, fits);
}

/// Asserts, before the access, that `access` of `op` stays within its
/// buffer.
void checkVectorAccess(OpBuilder &builder, Operation *op,
                       const VectorAccess &access) {
  int64_t rank = cast<MemRefType>(access.buffer.getType()).getRank();
  SmallVector<int64_t> extents(rank, 1);
  SmallVector<bool> checked(rank, true);
  for (auto [vectorDim, result] : llvm::enumerate(access.map.getResults())) {
    auto along = dyn_cast<AffineDimExpr>(result);
    if (!along)
      continue; // a broadcast dimension reads one element
    unsigned dim = along.getPosition();
    if (access.masked || !access.inBounds[vectorDim])
      checked[dim] = false;
    else
      extents[dim] = access.vector.getDimSize(vectorDim);
  }
  builder.setInsertionPoint(access.checkedOp);
  Location loc = op->getLoc();
  Value all;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!checked[dim])
      continue;
    Value fits = fitsAlong(builder, loc, access.buffer, dim,
                           access.indices[dim], extents[dim]);
    all = all ? arith::AndIOp::create(builder, loc, all, fits).getResult()
              : fits;
  }
  if (all)
    cf::AssertOp::create(builder, loc, all,
                         checkMessage(op, "out-of-bounds vector access"));
}

/// Replaces each cf.assert of `module` (this pass's, and those the lowering
/// of gathers and scatters made with `check-indices`) by a call of the
/// runtime's dlc_runtime_check_failed when the condition is false, with
/// the assert's message and the model nodes of its location.
void reportThroughRuntime(ModuleOp module) {
  SmallVector<cf::AssertOp> asserts;
  module.walk([&](cf::AssertOp check) { asserts.push_back(check); });
  if (asserts.empty())
    return;
  MLIRContext *context = module.getContext();
  auto pointer = LLVM::LLVMPointerType::get(context);
  SymbolTable symbols(module);
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  if (!module.lookupSymbol(kCheckFailedName))
    func::FuncOp::create(builder, module.getLoc(), kCheckFailedName,
                         builder.getFunctionType({pointer}, {}))
        .setPrivate();
  // One global per distinct message.
  llvm::StringMap<LLVM::GlobalOp> messages;
  for (cf::AssertOp check : asserts) {
    std::string text = check.getMsg().str() + " (" +
                       describeNodes(check.getLoc()) + ")";
    LLVM::GlobalOp &global = messages[text];
    if (!global) {
      builder.setInsertionPointToStart(module.getBody());
      text += '\0';
      global = LLVM::GlobalOp::create(
          builder, module.getLoc(),
          LLVM::LLVMArrayType::get(IntegerType::get(context, 8), text.size()),
          /*isConstant=*/true, LLVM::Linkage::Internal,
          "dlc_check_message_" + std::to_string(messages.size()),
          builder.getStringAttr(text));
      symbols.insert(global); // renamed if the name is taken
    }
    builder.setInsertionPoint(check);
    Location loc = check.getLoc();
    Value failed = arith::XOrIOp::create(
        builder, loc, check.getArg(),
        arith::ConstantIntOp::create(builder, loc, 1, 1));
    auto ifFailed = scf::IfOp::create(builder, loc, failed,
                                      /*withElseRegion=*/false);
    builder.setInsertionPointToStart(ifFailed.thenBlock());
    Value message = LLVM::AddressOfOp::create(builder, loc, global);
    func::CallOp::create(builder, loc, kCheckFailedName, TypeRange{}, message);
    check.erase();
  }
}

struct InsertRuntimeChecks
    : dlc::cpu::impl::InsertRuntimeChecksBase<InsertRuntimeChecks> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Collected first: the checks themselves hold ops (memref.dim) that
    // must not be checked in turn.
    SmallVector<Operation *> accesses;
    module.walk([&](Operation *op) {
      if (isa<RuntimeVerifiableOpInterface>(op) || vectorAccessOf(op))
        accesses.push_back(op);
    });
    OpBuilder builder(module.getContext());
    for (Operation *op : accesses) {
      if (std::optional<VectorAccess> access = vectorAccessOf(op)) {
        checkVectorAccess(builder, op, *access);
        continue;
      }
      builder.setInsertionPoint(op);
      cast<RuntimeVerifiableOpInterface>(op).generateRuntimeVerification(
          builder, op->getLoc(), checkMessage);
    }
    reportThroughRuntime(module);
  }
};

} // namespace
