/*
 * The yardstick for `npm run bench`: the engine's math as a plain C loop.
 *
 * Same semantics as src/engine/train.ts with loss "bce": float32 data and
 * weights, float64 sums, zero start, epochs + 1 full-batch updates, cost and
 * accuracy only on epochs where epoch % logEvery == 0. Not product code: it is
 * here so the bench can say how far the TypeScript engine is from compiled C.
 *
 * Usage: logreg <x.f32> <y.f32> <rows> <cols> <epochs> <lr> <logEvery> <reps>
 * Prints one line per repetition: "<ms> <last logged cost> <b>".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

/* Trains from zero weights into w and *b; returns the last logged cost. */
static double train(const float *x, const float *y, long rows, long cols,
                    long epochs, double lr, long log_every, float *w, float *b,
                    double *grad) {
  double step = lr / rows, last_cost = NAN;
  for (long j = 0; j < cols; j++) w[j] = 0;
  *b = 0;
  for (long epoch = 0; epoch <= epochs; epoch++) {
    int logged = epoch % log_every == 0;
    double grad_b = 0, cost = 0;
    long correct = 0;
    for (long j = 0; j < cols; j++) grad[j] = 0;
    for (long i = 0; i < rows; i++) {
      const float *row = x + i * cols;
      double z = *b;
      for (long j = 0; j < cols; j++) z += (double)row[j] * w[j];
      double h = (float)(1 / (1 + exp(-z)));
      double s = h * (1 - h);
      double g = s >= 1e-12 ? h - y[i] : ((h - y[i]) * s) / 1e-12;
      for (long j = 0; j < cols; j++) grad[j] += g * row[j];
      grad_b += g;
      if (logged) {
        /* -(y log h + (1-y) log(1-h)) for a 0/1 label: one log, of h or 1-h */
        cost -= fmax(log(y[i] * h + (1 - y[i]) * (1 - h)), -100);
        correct += (h >= 0.5) == (y[i] == 1);
      }
    }
    if (logged) last_cost = cost / rows;
    for (long j = 0; j < cols; j++) w[j] = (float)(w[j] - step * grad[j]);
    *b = (float)(*b - step * grad_b);
  }
  return last_cost;
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: %s x.f32 y.f32 rows cols epochs lr logEvery reps\n",
            argv[0]);
    return 2;
  }
  long rows = atol(argv[3]), cols = atol(argv[4]), epochs = atol(argv[5]);
  double lr = atof(argv[6]);
  long log_every = atol(argv[7]), reps = atol(argv[8]);
  float *x = read_floats(argv[1], rows * cols), *y = read_floats(argv[2], rows);
  float *w = malloc(cols * sizeof(float)), b;
  double *grad = malloc(cols * sizeof(double));
  for (long r = 0; r < reps; r++) {
    double start = now_ms();
    double cost = train(x, y, rows, cols, epochs, lr, log_every, w, &b, grad);
    printf("%.6f %.17g %.9g\n", now_ms() - start, cost, b);
  }
  return 0;
}
