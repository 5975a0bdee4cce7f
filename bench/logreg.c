/*
 * The C yardstick of `npm run bench`: the lab's training as a tight C loop.
 * Not product code; frozen so every run of the bench measures the same thing
 * (bench/c-yardstick.mjs prints this file's SHA-256 and the gcc flags).
 *
 * The work, as the engine does it for a training request: loss "bce"
 * (PyTorch's F.binary_cross_entropy, logs clamped at -100, its backward's
 * 1e-12 floor), full-batch gradient descent from zero weights, iterations
 * 0..epochs (epochs + 1 updates), cost and accuracy on iterations where
 * epoch % logEvery == 0, then the cost and accuracy at the returned weights
 * once more, as a training request measures them for its metrics.
 *
 * How: one fused pass per iteration over float32 rows and weights. Per row,
 * the logit z = b + x.w as an 8-way split dot product (eight float32 partial
 * sums, which gcc keeps in one vector register), h = 1 / (1 + expf(-z)) and
 * the cost's logf from glibc's float32 functions, then the row's slope g
 * times x added into the gradient. The gradient and the cost are float32
 * sums within blocks of 64 rows, and those blocks are added in double.
 *
 * Usage: logreg <x.f32> <y.f32> <rows> <cols> <epochs> <lr>
 * Then one training per line read from stdin, which holds its logEvery; for
 * each, one line out: "<ms> <last logged cost> <final cost> <final accuracy>".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BLOCK 64

static float *read_floats(const char *path, size_t n) {
  float *out = malloc(n * sizeof(float));
  FILE *f = fopen(path, "rb");
  if (!out || !f || fread(out, sizeof(float), n, f) != n) {
    fprintf(stderr, "cannot read %zu floats from %s\n", n, path);
    exit(1);
  }
  fclose(f);
  return out;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* z = b + x.w: eight float32 partial sums, lane k taking columns j = k mod 8. */
static inline float logit(const float *row, const float *w, long cols,
                          float b) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long j = 0;
  for (; j + 8 <= cols; j += 8)
    for (int k = 0; k < 8; k++) acc[k] += row[j + k] * w[j + k];
  for (int k = 0; j < cols; j++, k++) acc[k] += row[j] * w[j];
  return b + (((acc[0] + acc[1]) + (acc[2] + acc[3])) +
              ((acc[4] + acc[5]) + (acc[6] + acc[7])));
}

static inline float sigmoid(float z) { return 1.0f / (1.0f + expf(-z)); }

/* -(y log h + (1-y) log(1-h)), logs clamped at -100, for a 0/1 label. */
static inline float bce(float h, float y) {
  return -fmaxf(logf(y * h + (1 - y) * (1 - h)), -100.0f);
}

/* PyTorch's d bce / dz: h - y, scaled down where h(1-h) < 1e-12. */
static inline float slope(float h, float y) {
  float s = h * (1 - h);
  return s >= 1e-12f ? h - y : ((h - y) * s) / 1e-12f;
}

/* Mean cost and the accuracy (in *accuracy) of weights w, b on all rows. */
static double measure(const float *x, const float *y, long rows, long cols,
                      const float *w, float b, double *accuracy) {
  double cost = 0;
  long correct = 0;
  for (long start = 0; start < rows; start += BLOCK) {
    long end = start + BLOCK < rows ? start + BLOCK : rows;
    float block_cost = 0;
    for (long i = start; i < end; i++) {
      float h = sigmoid(logit(x + i * cols, w, cols, b));
      block_cost += bce(h, y[i]);
      correct += (h >= 0.5f) == (y[i] == 1);
    }
    cost += block_cost;
  }
  *accuracy = (double)correct / rows;
  return cost / rows;
}

/*
 * Trains from zero into w and *b; returns the last logged cost and leaves
 * the cost and accuracy at the returned weights in final[0], final[1].
 */
static double train(const float *x, const float *y, long rows, long cols,
                    long epochs, double lr, long log_every, float *w, float *b,
                    double *grad, float *block, double *final) {
  double step = lr / rows, last_cost = NAN;
  for (long j = 0; j < cols; j++) w[j] = 0;
  *b = 0;
  for (long epoch = 0; epoch <= epochs; epoch++) {
    int logged = epoch % log_every == 0;
    double grad_b = 0, cost = 0;
    long correct = 0;
    for (long j = 0; j < cols; j++) grad[j] = 0;
    for (long start = 0; start < rows; start += BLOCK) {
      long end = start + BLOCK < rows ? start + BLOCK : rows;
      float block_b = 0, block_cost = 0;
      for (long j = 0; j < cols; j++) block[j] = 0;
      for (long i = start; i < end; i++) {
        const float *row = x + i * cols;
        float h = sigmoid(logit(row, w, cols, *b));
        if (logged) {
          block_cost += bce(h, y[i]);
          correct += (h >= 0.5f) == (y[i] == 1);
        }
        float g = slope(h, y[i]);
        for (long j = 0; j < cols; j++) block[j] += g * row[j];
        block_b += g;
      }
      for (long j = 0; j < cols; j++) grad[j] += block[j];
      grad_b += block_b;
      cost += block_cost;
    }
    if (logged) last_cost = cost / rows;
    for (long j = 0; j < cols; j++) w[j] = (float)(w[j] - step * grad[j]);
    *b = (float)(*b - step * grad_b);
  }
  final[0] = measure(x, y, rows, cols, w, *b, &final[1]);
  return last_cost;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s x.f32 y.f32 rows cols epochs lr\n", argv[0]);
    return 2;
  }
  long rows = atol(argv[3]), cols = atol(argv[4]), epochs = atol(argv[5]);
  double lr = atof(argv[6]);
  float *x = read_floats(argv[1], rows * cols), *y = read_floats(argv[2], rows);
  float *w = malloc(cols * sizeof(float)), *block = malloc(cols * sizeof(float));
  double *grad = malloc(cols * sizeof(double)), final[2];
  float b;
  long log_every;
  while (scanf("%ld", &log_every) == 1 && log_every > 0) {
    double start = now_ms();
    double cost = train(x, y, rows, cols, epochs, lr, log_every, w, &b, grad,
                        block, final);
    printf("%.6f %.17g %.17g %.17g\n", now_ms() - start, cost, final[0],
           final[1]);
    fflush(stdout);
  }
  return 0;
}
