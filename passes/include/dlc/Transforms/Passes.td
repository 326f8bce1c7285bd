//===- Passes.td - Target-independent passes on the dlc dialect -*- tablegen -*-===//
#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Autodiff : Pass<"dlc-autodiff", "mlir::ModuleOp"> {
  let summary = "Generate the gradient function of a loss function";
  let description = [{
    For every `func.func @f` with the unit attribute `dlc.differentiate`,
    adds `@f_grad`, which returns the results of `@f` followed by the
    gradient of its first result (the loss: a float tensor with one element)
    with respect to each argument that carries the unit attribute
    `dlc.trainable`, in argument order. Gradients are built from each op's
    GradientOpInterface rule in reverse mode; gradients that nothing needs
    are not kept. Shapes must be static.
  }];
  let dependentDialects = ["dlc::DlcDialect"];
}

def TrainingFunctions : Pass<"dlc-training-functions", "mlir::ModuleOp"> {
  let summary = "Generate @train_step and @evaluate from @main";
  let description = [{
    Builds the training step (forward, loss, reverse-mode gradients and the
    optimizer update) and the evaluation step from the forward function
    `@main`, whose arguments marked `dlc.parameter` are the weights. This is
    what `dlc train` compiles; the model file's training section maps onto
    these options:

      dlc-opt --dlc-training-functions="loss=sparse_categorical_crossentropy
               from-logits=true optimizer=rmsprop metrics=accuracy"
  }];
  let options = [
    Option<"loss", "loss", "std::string", /*default=*/"\"mse\"",
           "Keras's loss name">,
    Option<"fromLogits", "from-logits", "bool", /*default=*/"false",
           "The loss reads logits, not probabilities">,
    Option<"optimizer", "optimizer", "std::string", /*default=*/"\"rmsprop\"",
           "sgd, rmsprop or adam (Keras's default hyper-parameters)">,
    Option<"momentum", "momentum", "double", /*default=*/"0.0",
           "SGD momentum">,
    Option<"nesterov", "nesterov", "bool", /*default=*/"false",
           "SGD with Nesterov momentum">,
    ListOption<"metrics", "metrics", "std::string", "Keras's metric names">,
    Option<"dataParallel", "data-parallel", "bool", /*default=*/"false",
           "Average the gradients, losses and metrics over the processes "
           "that train together (dlc.all_reduce) before the update">
  ];
  let dependentDialects = ["dlc::DlcDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
