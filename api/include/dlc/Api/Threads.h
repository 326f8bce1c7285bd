//===- Threads.h - How many threads compiled models run on ----------------===//
//
// Compiled models run their large ops (matmuls, convolutions, pools) on a
// process-wide pool of threads, by default one per processor this process
// may use. Code is cut into tasks for the thread count in effect when it is
// compiled, so set it before creating sessions. Results are bit-identical
// for any thread count: threads never share an output element.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_THREADS_H
#define DLC_API_THREADS_H

#include "dlc/Runtime/Status.h"

namespace dlc {

/// Sets the threads compiled models run on; an error unless 1 <= count <=
/// 1024.
Status setThreadCount(int64_t count);

/// The threads compiled models run on.
int threadCount();

} // namespace dlc

#endif // DLC_API_THREADS_H
