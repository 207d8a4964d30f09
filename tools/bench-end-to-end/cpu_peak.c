// This core's limits, for checking that a measured speed is possible: the single-thread FMA peak (12 independent
// accumulators, AVX-512 where the compiler targets it, else AVX2) and OpenBLAS's single-thread sgemm on 2048^3.
// Build and run (pin to one core):
//   gcc -O3 -march=native tools/bench-end-to-end/cpu_peak.c -o /tmp/cpu_peak -lopenblas && OPENBLAS_NUM_THREADS=1 taskset -c 1 /tmp/cpu_peak
#include <immintrin.h>
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define SUM _mm512_reduce_add_ps
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
static float SUM(__m256 v) { float f[8]; _mm256_storeu_ps(f, v); return f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7]; }
#endif

int main(void)
{
    vec a[12];
    for (int i = 0; i < 12; i++) a[i] = SET1(1.0f + i * 1e-3f);
    vec x = SET1(0.999999f), y = SET1(1e-7f);
    long n = 200000000 / 12;
    double best = 0;
    for (int rep = 0; rep < 5; rep++)
    {
        double t = now();
        for (long k = 0; k < n; k++)
            for (int i = 0; i < 12; i++) a[i] = FMA(a[i], x, y);
        double gflops = n * 12.0 * LANES * 2 / (now() - t) / 1e9;
        if (gflops > best) best = gflops;
    }
    float check = 0;
    for (int i = 0; i < 12; i++) check += SUM(a[i]);
    printf("FMA peak, one thread, %d-bit: %.1f GFLOP/s (checksum %g)\n", LANES * 32, best, check);

    const int N = 2048;
    float *A = malloc(4L * N * N), *B = malloc(4L * N * N), *C = malloc(4L * N * N);
    for (long i = 0; i < (long)N * N; i++) { A[i] = (i % 7) * 0.1f; B[i] = (i % 5) * 0.1f; }
    double bestg = 0;
    for (int rep = 0; rep < 4; rep++)
    {
        double t = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1, A, N, B, N, 0, C, N);
        double g = 2.0 * N * N * N / (now() - t) / 1e9;
        if (g > bestg) bestg = g;
    }
    printf("OpenBLAS sgemm %d^3, one thread: %.1f GFLOP/s\n", N, bestg);
    free(A); free(B); free(C);
    return 0;
}
