/* Fake libcuda / libnvrtc / libcublas for testing the koffi FFI layer on machines without a GPU.
 * "Device" memory is host memory (device pointers are host addresses), kernels are not run: a launch
 * records its configuration and the first argument slots, which the test reads back. cuBLAS's SGEMM
 * is computed for real (column-major), so matrix products through the backend can be checked.
 * Built three times by koffi-driver.test.ts with -DFAKE_CUDA, -DFAKE_NVRTC or -DFAKE_CUBLAS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef FAKE_CUDA
static int ctx_token, stream_token;
static uint64_t last_launch[2 + 16];
static long long live_bytes;
typedef struct { char *image; } fake_module;
typedef struct { char name[128]; } fake_function;
typedef struct { int polls; } fake_event;

int cuInit(unsigned int f) { (void)f; return 0; }
int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuDeviceGetCount(int *n) { *n = 1; return 0; }
int cuDeviceGet(int *d, int o) { *d = o; return o == 0 ? 0 : 101; }
int cuDeviceGetName(char *name, int len, int dev) { (void)dev; strncpy(name, "Fake GPU", len); return 0; }
int cuDeviceGetAttribute(int *v, int attr, int dev) {
  (void)dev;
  switch (attr) { case 75: *v = 9; break; case 76: *v = 0; break; case 16: *v = 132; break; case 115: *v = 1; break; default: *v = 0; }
  return 0;
}
int cuDeviceTotalMem_v2(size_t *b, int dev) { (void)dev; *b = (size_t)1 << 30; return 0; }
int cuDevicePrimaryCtxRetain(void **c, int dev) { (void)dev; *c = &ctx_token; return 0; }
int cuDevicePrimaryCtxRelease_v2(int dev) { (void)dev; return 0; }
int cuCtxSetCurrent(void *c) { return c == &ctx_token ? 0 : 201; }
int cuStreamCreate(void **s, unsigned int f) { (void)f; *s = &stream_token; return 0; }
int cuStreamSynchronize(void *s) { return s == &stream_token ? 0 : 400; }
int cuStreamDestroy_v2(void *s) { (void)s; return 0; }
static int alloc(uint64_t *p, size_t n) { size_t *b = malloc(n + 16); if (!b) return 2; b[0] = n; live_bytes += n; *p = (uint64_t)(uintptr_t)(b + 2); return 0; }
static int dealloc(uint64_t p) { size_t *b = (size_t *)(uintptr_t)p - 2; live_bytes -= b[0]; free(b); return 0; }
int cuMemAlloc_v2(uint64_t *p, size_t n) { return alloc(p, n); }
int cuMemFree_v2(uint64_t p) { return dealloc(p); }
int cuMemAllocAsync(uint64_t *p, size_t n, void *s) { if (s != &stream_token) return 400; return alloc(p, n); }
int cuMemFreeAsync(uint64_t p, void *s) { if (s != &stream_token) return 400; return dealloc(p); }
int cuMemcpyHtoDAsync_v2(uint64_t d, const void *s, size_t n, void *st) { (void)st; memcpy((void *)(uintptr_t)d, s, n); return 0; }
int cuMemcpyDtoHAsync_v2(void *d, uint64_t s, size_t n, void *st) { (void)st; memcpy(d, (void *)(uintptr_t)s, n); return 0; }
int cuMemcpyDtoDAsync_v2(uint64_t d, uint64_t s, size_t n, void *st) { (void)st; memmove((void *)(uintptr_t)d, (void *)(uintptr_t)s, n); return 0; }
int cuMemsetD32Async(uint64_t d, unsigned int v, size_t n, void *st) { (void)st; uint32_t *p = (uint32_t *)(uintptr_t)d; for (size_t i = 0; i < n; i++) p[i] = v; return 0; }
int cuMemAllocHost_v2(void **p, size_t n) { *p = malloc(n ? n : 1); return 0; }
int cuMemFreeHost(void *p) { free(p); return 0; }
int cuModuleLoadData(void **m, const void *image) { fake_module *fm = malloc(sizeof *fm); fm->image = strdup((const char *)image); *m = fm; return 0; }
int cuModuleUnload(void *m) { fake_module *fm = m; free(fm->image); free(fm); return 0; }
int cuModuleGetFunction(void **f, void *m, const char *name) {
  fake_module *fm = m;
  if (!strstr(fm->image, name)) return 500;
  fake_function *ff = malloc(sizeof *ff); strncpy(ff->name, name, sizeof ff->name - 1); ff->name[sizeof ff->name - 1] = 0; *f = ff; return 0;
}
int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void *s, void **params, void **extra) {
  (void)f; (void)gy; (void)gz; (void)by; (void)bz; (void)shared; (void)extra;
  if (s != &stream_token) return 400;
  last_launch[0] = gx; last_launch[1] = bx;
  for (int i = 0; i < 16; i++) memcpy(&last_launch[2 + i], params[i], 8);
  return 0;
}
int cuEventCreate(void **e, unsigned f) { (void)f; fake_event *fe = calloc(1, sizeof *fe); *e = fe; return 0; }
int cuEventRecord(void *e, void *s) { (void)s; ((fake_event *)e)->polls = 1; return 0; }
int cuEventQuery(void *e) { fake_event *fe = e; if (fe->polls > 0) { fe->polls--; return 600; } return 0; }
int cuEventElapsedTime_v2(float *ms, void *a, void *b) { (void)a; (void)b; *ms = 1.5f; return 0; }
int cuEventDestroy_v2(void *e) { free(e); return 0; }
int cuMemGetInfo_v2(size_t *fr, size_t *tot) { *tot = (size_t)1 << 30; *fr = *tot - (size_t)live_bytes; return 0; }
int cuGetErrorName(int err, const char **s) { *s = err == 500 ? "CUDA_ERROR_NOT_FOUND" : "CUDA_ERROR_FAKE"; return 0; }
/* Test hooks. */
void fake_last_launch(uint64_t *out) { memcpy(out, last_launch, sizeof last_launch); }
long long fake_live_bytes(void) { return live_bytes; }
#endif

#ifdef FAKE_NVRTC
typedef struct { char *src; char log[256]; } fake_prog;
int nvrtcVersion(int *a, int *b) { *a = 13; *b = 0; return 0; }
int nvrtcCreateProgram(void **p, const char *src, const char *name, int nh, void *h, void *n) {
  (void)name; (void)nh; (void)h; (void)n;
  fake_prog *fp = calloc(1, sizeof *fp); fp->src = strdup(src); *p = fp; return 0;
}
int nvrtcCompileProgram(void *p, int n, const char **opts) {
  fake_prog *fp = p; int arch = 0;
  for (int i = 0; i < n; i++) if (strncmp(opts[i], "--gpu-architecture=sm_", 22) == 0) arch = 1;
  if (!arch) { strcpy(fp->log, "fake nvrtc: no --gpu-architecture=sm_XX option"); return 7; }
  if (strstr(fp->src, "#error")) { strcpy(fp->log, "fake nvrtc: #error directive"); return 6; }
  return 0;
}
int nvrtcGetProgramLogSize(void *p, size_t *n) { *n = strlen(((fake_prog *)p)->log) + 1; return 0; }
int nvrtcGetProgramLog(void *p, char *log) { strcpy(log, ((fake_prog *)p)->log); return 0; }
int nvrtcGetCUBINSize(void *p, size_t *n) { *n = strlen(((fake_prog *)p)->src) + 1; return 0; }
int nvrtcGetCUBIN(void *p, char *out) { strcpy(out, ((fake_prog *)p)->src); return 0; }
int nvrtcDestroyProgram(void **p) { fake_prog *fp = *p; free(fp->src); free(fp); *p = 0; return 0; }
const char *nvrtcGetErrorString(int r) { return r == 6 ? "NVRTC_ERROR_COMPILATION" : "NVRTC_ERROR_FAKE"; }
#endif

#ifdef FAKE_CUBLAS
static int handle_token; static void *bound_stream;
int cublasCreate_v2(void **h) { *h = &handle_token; return 0; }
int cublasDestroy_v2(void *h) { (void)h; return 0; }
int cublasSetStream_v2(void *h, void *s) { (void)h; bound_stream = s; return 0; }
int cublasGetVersion_v2(void *h, int *v) { (void)h; *v = 130100; return 0; }
int cublasSetMathMode(void *h, int m) { (void)h; (void)m; return 0; }
int cublasSgemmStridedBatched(void *h, int ta, int tb, int m, int n, int k, const float *alpha, uint64_t A, int lda, long long sA,
                              uint64_t B, int ldb, long long sB, const float *beta, uint64_t C, int ldc, long long sC, int batch) {
  (void)h;
  if (!bound_stream) return 14;
  const float *a = (const float *)(uintptr_t)A, *b = (const float *)(uintptr_t)B; float *c = (float *)(uintptr_t)C;
  for (int p = 0; p < batch; p++)
    for (int j = 0; j < n; j++)
      for (int i = 0; i < m; i++) {
        float acc = 0;
        for (int l = 0; l < k; l++) {
          float av = ta ? a[p * sA + l + (long long)i * lda] : a[p * sA + i + (long long)l * lda];
          float bv = tb ? b[p * sB + j + (long long)l * ldb] : b[p * sB + l + (long long)j * ldb];
          acc += av * bv;
        }
        float *dst = &c[p * sC + i + (long long)j * ldc];
        *dst = *alpha * acc + (*beta == 0 ? 0 : *beta * *dst);
      }
  return 0;
}
#endif
