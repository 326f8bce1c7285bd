//===- LowerFunction.cpp - A model function lowered to the LLVM dialect --===//
#include "dlc/Compiler/LowerFunction.h"

#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Dialect/Transforms/Passes.h"
#include "dlc/Runtime/MemoryLimit.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"


using namespace mlir;

dlc::Result<dlc::DType> dlc::dtypeOf(Type type) {
  if (type.isF32())
    return DType::Float32;
  if (type.isF64())
    return DType::Float64;
  if (type.isF16())
    return DType::Float16;
  if (type.isBF16())
    return DType::BFloat16;
  if (type.isInteger(1))
    return DType::Bool;
  if (type.isUnsignedInteger()) {
    switch (type.getIntOrFloatBitWidth()) {
    case 8:
      return DType::UInt8;
    case 16:
      return DType::UInt16;
    case 32:
      return DType::UInt32;
    case 64:
      return DType::UInt64;
    }
  }
  if (type.isSignlessInteger(8))
    return DType::Int8;
  if (type.isSignlessInteger(16))
    return DType::Int16;
  if (type.isSignlessInteger(32))
    return DType::Int32;
  if (type.isSignlessInteger(64))
    return DType::Int64;
  std::string name;
  llvm::raw_string_ostream(name) << type;
  return Status::error("element type " + name + " has no runtime dtype");
}

Type dlc::elementTypeOf(DType dtype, MLIRContext &context) {
  switch (dtype) {
  case DType::Float32:
    return Float32Type::get(&context);
  case DType::Float64:
    return Float64Type::get(&context);
  case DType::Int8:
    return IntegerType::get(&context, 8);
  case DType::Int16:
    return IntegerType::get(&context, 16);
  case DType::UInt8:
  case DType::UInt16:
  case DType::UInt32:
  case DType::UInt64:
    return IntegerType::get(&context, dtypeSize(dtype) * 8,
                            IntegerType::Unsigned);
  case DType::Int32:
    return IntegerType::get(&context, 32);
  case DType::Int64:
    return IntegerType::get(&context, 64);
  case DType::Bool:
    return IntegerType::get(&context, 1);
  case DType::Float16:
    return Float16Type::get(&context);
  case DType::BFloat16:
    return BFloat16Type::get(&context);
  }
  llvm_unreachable("unknown dtype");
}

namespace {

/// MLIR's pass-manager debugging flags (`--mlir-print-ir-after-all`,
/// `--mlir-print-ir-before=PASS`, `--mlir-timing`, ...) read once from the
/// environment variable DLC_MLIR_OPTIONS, so that every program that compiles
/// through the JIT (dlc run/train, drivers linking libdlc) can show its IR.
/// With `--mlir-timing`, the pass manager reports the time of each pass.
mlir::LogicalResult applyDebugOptions(PassManager &pm) {
  static const bool parsed = [] {
    dlc::registerCpuPipeline(); // pass names for --mlir-print-ir-after=PASS
    registerPassManagerCLOptions();
    registerAsmPrinterCLOptions(); // --mlir-elide-elementsattrs-if-larger
    registerDefaultTimingManagerCLOptions();
    const char *programName = "dlc";
    llvm::cl::ParseCommandLineOptions(1, &programName, "", nullptr, nullptr,
                                      "DLC_MLIR_OPTIONS");
    return true;
  }();
  (void)parsed;
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  auto timing = std::make_unique<DefaultTimingManager>();
  applyDefaultTimingManagerCLOptions(*timing);
  if (timing->isEnabled())
    pm.enableTiming(std::move(timing)); // after the other instrumentations
  return success();
}

/// Every tensor of the bound graph must fit within dlc::maxTensorBytes(): a
/// mistaken or hostile shape (a padding of 2^40) is an error naming the op
/// here, not a failed allocation in compiled code.
dlc::Status checkTensorSizes(ModuleOp module) {
  uint64_t limit = dlc::maxTensorBytes();
  dlc::Status status = dlc::Status::ok();
  module.walk([&](Operation *op) {
    for (Type type : op->getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape())
        continue;
      std::optional<uint64_t> bytes = dlc::tensorBytes(
          tensor.getShape(), (tensor.getElementTypeBitWidth() + 7) / 8);
      if (bytes && *bytes <= limit)
        continue;
      std::string text;
      llvm::raw_string_ostream stream(text);
      stream << "a result of " << op->getName() << " is " << tensor
             << ", over " << dlc::describeTensorLimit();
      Diagnostic diagnostic(op->getLoc(), DiagnosticSeverity::Error);
      diagnostic << text;
      status = dlc::Status::error(dlc::formatDiagnostic(diagnostic));
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return status;
}

dlc::Result<dlc::TensorSpec> specOf(Type type, Attribute name) {
  auto tensorType = cast<RankedTensorType>(type);
  dlc::Result<dlc::DType> dtype = dlc::dtypeOf(tensorType.getElementType());
  if (!dtype)
    return dtype.status();
  auto nameAttr = dyn_cast_if_present<StringAttr>(name);
  return dlc::TensorSpec{nameAttr ? nameAttr.str() : std::string(), *dtype,
                         std::vector<int64_t>(tensorType.getShape().begin(),
                                              tensorType.getShape().end())};
}

/// Appends the spec of each argument or result, named by its `dlc.name`.
dlc::Status addSpecs(TypeRange types, ArrayRef<DictionaryAttr> attributes,
                     std::vector<dlc::TensorSpec> &specs) {
  for (auto [type, dictionary] : llvm::zip(types, attributes)) {
    dlc::Result<dlc::TensorSpec> spec =
        specOf(type, dictionary ? dictionary.get("dlc.name") : Attribute());
    if (!spec)
      return spec.status();
    specs.push_back(*spec);
  }
  return dlc::Status::ok();
}

} // namespace

dlc::Result<dlc::LoweredFunction>
dlc::lowerFunction(ModuleOp source,
                   const std::vector<std::vector<int64_t>> &inputShapes,
                   const std::string &entry,
                   const CpuPipelineOptions &options) {
  MLIRContext &context = *source.getContext();
  DiagnosticCollector diagnostics(context);
  LoweredFunction function;
  function.module = source.clone();
  ModuleOp module = *function.module;
  auto main = module.lookupSymbol<func::FuncOp>(entry);
  if (!main)
    return Status::error("the module has no @" + entry + " function");
  for (auto other : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (other != main)
      other.erase();

  // Bind shapes first to learn the output shapes the caller must allocate.
  PassManager shapes(&context);
  ShapeInferenceOptions shapeOptions;
  shapeOptions.inputShapes = formatInputShapes(inputShapes);
  shapes.addNestedPass<func::FuncOp>(createShapeInference(shapeOptions));
  if (failed(shapes.run(module)))
    return diagnostics.toStatus("shape inference failed");
  DLC_RETURN_IF_ERROR(checkTensorSizes(module));
  SmallVector<DictionaryAttr> argumentAttributes, resultAttributes;
  main.getAllArgAttrs(argumentAttributes);
  main.getAllResultAttrs(resultAttributes);
  DLC_RETURN_IF_ERROR(
      addSpecs(main.getArgumentTypes(), argumentAttributes, function.inputs));
  DLC_RETURN_IF_ERROR(
      addSpecs(main.getResultTypes(), resultAttributes, function.outputs));

  PassManager pm(&context);
  buildCpuPipeline(pm, options);
  if (failed(applyDebugOptions(pm)))
    return diagnostics.toStatus("invalid DLC_MLIR_OPTIONS");
  if (failed(pm.run(module)))
    return diagnostics.toStatus("compilation failed");
  return function;
}
