/*===- dlc_trainer.h - The C interface of a model compiled to train -----===*
 *
 * `dlc compile MODEL --train --emit=lib -o libtrainer.so` writes a shared
 * library with this interface (and copies of this header and dlc_common.h
 * beside it): the model's compiled training and evaluation steps, its
 * weights and optimizer state, for a C program to train the model batch by
 * batch and save it in dlc's model format. The loss, optimizer and metrics
 * are the model's training section's; the steps take batches of the
 * compiled size (dlc_trainer_batch_size), or fewer samples, which are padded
 * and masked out of the loss and metrics.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_TRAINER_H
#define DLC_TRAINER_H

#include "dlc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dlc_trainer dlc_trainer;

/* The model with its initial weights and zero optimizer state. */
dlc_status *dlc_trainer_create(dlc_trainer **trainer);
void dlc_trainer_destroy(dlc_trainer *trainer);

/* The samples of a full batch. */
int64_t dlc_trainer_batch_size(const dlc_trainer *trainer);

/* The data inputs, and the labels as the steps read them: int64 class
 * indices for sparse categorical crossentropy, else values shaped like the
 * output the loss reads. Shapes are for a full batch. */
size_t dlc_trainer_input_count(const dlc_trainer *trainer);
dlc_status *dlc_trainer_input_info(const dlc_trainer *trainer, size_t index,
                                   dlc_tensor_info *info);
dlc_status *dlc_trainer_labels_info(const dlc_trainer *trainer,
                                    dlc_tensor_info *info);

/* "loss", then the metrics: what a step writes to `objectives`. */
size_t dlc_trainer_objective_count(const dlc_trainer *trainer);
const char *dlc_trainer_objective_name(const dlc_trainer *trainer,
                                       size_t index);

/* One optimizer step on `samples` samples (1 to the batch size): inputs[i]
 * and labels hold that many rows; objectives receives the loss and metrics
 * before the update. A step whose loss is not finite is not applied and is
 * an error. */
dlc_status *dlc_trainer_step(dlc_trainer *trainer, int64_t samples,
                             const void *const *inputs, const void *labels,
                             double *objectives);
/* The loss and metrics on `samples` samples, weights unchanged. */
dlc_status *dlc_trainer_evaluate(dlc_trainer *trainer, int64_t samples,
                                 const void *const *inputs,
                                 const void *labels, double *objectives);

/* The weights, in the order of the model's training step. */
size_t dlc_trainer_parameter_count(const dlc_trainer *trainer);
dlc_status *dlc_trainer_parameter_info(const dlc_trainer *trainer,
                                       size_t index, dlc_tensor_info *info);
dlc_status *dlc_trainer_get_parameter(const dlc_trainer *trainer,
                                      size_t index, void *data);
dlc_status *dlc_trainer_set_parameter(dlc_trainer *trainer, size_t index,
                                      const void *data);

double dlc_trainer_learning_rate(const dlc_trainer *trainer);
dlc_status *dlc_trainer_set_learning_rate(dlc_trainer *trainer, double rate);
/* Seeds the dropout masks (the same seed repeats a run exactly). */
void dlc_trainer_set_seed(dlc_trainer *trainer, uint64_t seed);

/* The model with the current weights, as a dlc model file (.pb) that
 * `dlc run` and `dlc train` read; written atomically. */
dlc_status *dlc_trainer_save(const dlc_trainer *trainer, const char *path);
/* Weights, optimizer state, step count and learning rate, as `dlc train
 * --checkpoint` writes them; and back. */
dlc_status *dlc_trainer_save_checkpoint(const dlc_trainer *trainer,
                                        const char *path);
dlc_status *dlc_trainer_load_checkpoint(dlc_trainer *trainer,
                                        const char *path);

#ifdef __cplusplus
}
#endif

#endif /* DLC_TRAINER_H */
