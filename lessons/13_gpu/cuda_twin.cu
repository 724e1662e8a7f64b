/// @file cuda_twin.cu
/// @brief The kernels behind cuda_twin.cpp: what `target teams distribute parallel for simd`
/// becomes when it is written by hand. A CUDA kernel is the body of the loop, run once per
/// thread; the programmer picks the blocks (OpenMP's teams) and the threads of a block
/// (OpenMP's threads times simd lanes), and moves the data with explicit copies.
#include "cuda_twin.hpp"

#include <cuda_runtime.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

/// Every CUDA call returns an error code; one that is not cudaSuccess stops the run.
void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
}

constexpr int threads_per_block = 256;

/// z = a x + y. A grid-stride loop: each thread takes elements i, i + (all threads), ...,
/// so any grid covers any n.
__global__ void saxpy_kernel(long n, float a, const float* x, const float* y, float* z) {
    const long stride = static_cast<long>(gridDim.x) * blockDim.x;
    for (long i = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) z[i] = a * x[i] + y[i];
}

/// pi by the midpoint rule: each thread sums its steps, the block adds its threads' sums in
/// shared memory (a tree: 256 -> 128 -> ... -> 1), and one thread a block adds the block's
/// sum into the total. OpenMP's `reduction(+ : sum)` does all of this for a device.
__global__ void pi_kernel(long steps, double h, double* total) {
    __shared__ double partial[threads_per_block];
    const long stride = static_cast<long>(gridDim.x) * blockDim.x;
    double sum = 0;
    for (long i = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x; i < steps; i += stride) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0) atomicAdd(total, partial[0]);
}

/// Device memory that frees itself.
template <class T>
struct DeviceArray {
    T* data = nullptr;
    explicit DeviceArray(long count) {
        check(cudaMalloc(&data, static_cast<std::size_t>(count) * sizeof(T)), "cudaMalloc");
    }
    ~DeviceArray() { cudaFree(data); }
    DeviceArray(const DeviceArray&) = delete;
    DeviceArray& operator=(const DeviceArray&) = delete;
};

/// The best of `repeats` timings of `launch` (after one untimed call), in seconds, by CUDA
/// events: kernels run asynchronously, so a host clock would time the launch only.
template <class Launch>
double best_seconds(int repeats, Launch&& launch) {
    cudaEvent_t start, stop;
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
    launch();
    check(cudaDeviceSynchronize(), "a kernel");
    float best = std::numeric_limits<float>::max();
    for (int r = 0; r < repeats; ++r) {
        check(cudaEventRecord(start), "cudaEventRecord");
        launch();
        check(cudaEventRecord(stop), "cudaEventRecord");
        check(cudaEventSynchronize(stop), "a kernel");
        float milliseconds = 0;
        check(cudaEventElapsedTime(&milliseconds, start, stop), "cudaEventElapsedTime");
        best = std::min(best, milliseconds);
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return best / 1e3;
}

}  // namespace

namespace lesson13::cuda {

Device first_device() {
    Device device;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess || count == 0) {
        // Without an NVIDIA driver, CUDA's own words are "CUDA driver version is insufficient
        // for CUDA runtime version": quoted, with what they mean here.
        device.name_or_reason = status != cudaSuccess ? std::string("no CUDA device (cudaGetDeviceCount: \"") +
                                                            cudaGetErrorString(status) +
                                                            "\": no NVIDIA driver here, or one older than this CUDA)"
                                                      : std::string("no CUDA device (cudaGetDeviceCount found none)");
        return device;
    }
    cudaDeviceProp properties{};
    check(cudaGetDeviceProperties(&properties, 0), "cudaGetDeviceProperties");
    std::size_t free_bytes = 0, total_bytes = 0;
    check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
    device.present = true;
    device.name_or_reason = properties.name;
    device.free_bytes = static_cast<double>(free_bytes);
    return device;
}

Figures measure(long n, long steps, int repeats) {
    Figures figures;
    std::vector<float> x(static_cast<std::size_t>(n)), y(x.size()), z(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<float>(i % 1024) * 0.25f;
        y[i] = static_cast<float>(i % 512);
    }
    const std::size_t bytes = x.size() * sizeof(float);
    DeviceArray<float> dx(n), dy(n), dz(n);
    check(cudaMemcpy(dx.data, x.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy to the device");
    check(cudaMemcpy(dy.data, y.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy to the device");

    int multiprocessors = 1;
    check(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, 0), "cudaDeviceGetAttribute");
    // One thread an element up to a grid of 32 blocks a multiprocessor; beyond, each thread
    // takes several (the grid-stride loop).
    const long wanted = (n + threads_per_block - 1) / threads_per_block;
    const int blocks = static_cast<int>(std::min<long>(wanted, 32L * multiprocessors));
    const float a = 2.0f;
    figures.saxpy_seconds = best_seconds(repeats, [&] {
        saxpy_kernel<<<blocks, threads_per_block>>>(n, a, dx.data, dy.data, dz.data);
        check(cudaGetLastError(), "the saxpy kernel's launch");
    });
    check(cudaMemcpy(z.data(), dz.data, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
    figures.saxpy_right = true;
    for (std::size_t i = 0; i < z.size(); ++i) figures.saxpy_right = figures.saxpy_right && z[i] == a * x[i] + y[i];
    figures.copy_seconds = best_seconds(repeats, [&] {
        check(cudaMemcpy(dz.data, dx.data, bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy on the device");
    });

    DeviceArray<double> total(1);
    const double h = 1.0 / static_cast<double>(steps);
    figures.pi_seconds = best_seconds(repeats, [&] {
        check(cudaMemset(total.data, 0, sizeof(double)), "cudaMemset");
        pi_kernel<<<32 * multiprocessors, threads_per_block>>>(steps, h, total.data);
        check(cudaGetLastError(), "the pi kernel's launch");
    });
    double sum = 0;
    check(cudaMemcpy(&sum, total.data, sizeof(double), cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
    figures.pi = sum * h;
    return figures;
}

}  // namespace lesson13::cuda
