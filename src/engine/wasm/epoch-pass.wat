;; The engine's kernel: an epoch's whole pass for the lab's one-output
;; model (`epoch`, called by src/engine/gradient.ts), runs of such epochs
;; with the lab's plain step between them (`epochs`), the model's
;; probabilities (`probabilities`, src/engine/evaluate.ts), and the exp and
;; log they take, in WebAssembly SIMD; the same model's float64 pass for
;; mini-batches and sample weights (`sigmoid`, src/engine/batch-gradient.ts)
;; and softmax regression's pass over rows (`softmax`,
;; src/engine/softmax-kernel.ts), both the plain JavaScript loop's numbers
;; to the bit.
;;
;; An epoch works as the C yardstick of `npm run bench` (bench/logreg.c)
;; does, in float32 lanes, four values a vector: a logit is a float32 dot
;; product with four partial sums ($logits32); the "bce" loss's e^-z and ln
;; are float32 polynomials ($expf_x4, $logf_x4; h itself is 1/(1 + e^-z) in
;; float64, rounded once to float32); the gradient's products are summed in
;; float32 within blocks of 64 rows and the blocks' sums in float64
;; ($accumulate); Σ g, the cost and the rows right are float64 sums. So an
;; epoch's numbers are the plain float64 loop's to float32's rounding, which
;; tests/engine/gradient.test.ts bounds. The "lab" loss's slopes and cost
;; ($slopes) stay float64, with exp-log.ts's exp to the bit.
;;
;; The probabilities are float64 throughout, in f64x2 lanes: $logits adds a
;; row's terms in the plain loop's order and $exp_x2 is exp-log.ts's exp, so
;; they are src/engine/evaluate.ts's JavaScript numbers to the bit, and a
;; stored version predicts as it always did.
;;
;; After the tables, memory holds the rows row-major as float32 (cols values
;; per row), an even number of them: the caller appends a row of zeros to an
;; odd count. Vectors that run past a row's columns or a block's rows read
;; what follows in memory; those lanes are multiplied by zero weights or
;; masked out of every sum.
;;
;; Built into epoch-pass.wasm by assemble.mjs (`npm run wasm`), which
;; first writes in each "$name's body here" line the body marked in that
;; function (V8 inlines no call between WebAssembly functions, so the
;; hottest loops take bodies rather than calls), leaves out of the binary
;; the functions that only hold a body (nothing calls them), and which
;; `npm test` runs with --check to prove the committed binary is this text.
(module
  ;; The arguments exp and log leave to JavaScript's own (NaN, infinities,
  ;; results out of the tables' range, log of zero or of negative numbers),
  ;; so those cases behave exactly as they do there; and the lab cost's
  ;; softplus, which is Math.log1p of Math.exp (src/engine/logistic.ts).
  (import "Math" "exp" (func $math_exp (param f64) (result f64)))
  (import "Math" "log" (func $math_log (param f64) (result f64)))
  (import "Math" "log1p" (func $math_log1p (param f64) (result f64)))

  ;; Grown by the caller to hold its rows and scratch arrays. The first 4096
  ;; bytes hold exp-log.ts's tables, written by src/engine/kernel.ts when it
  ;; instantiates the module: 2^(j/128) as T_HI (129 float64 at 0) times
  ;; 1 + T_TAIL (129 float64 at 1040), and log's LOG_J (128 int32 at 2080).
  (memory (export "memory") 1)

  ;; The constants of the float32 exp and log ($expf_x4, $logf_x4), each
  ;; in every lane. Mutable, so that V8 loads each where it is used (one
  ;; instruction), where it builds a constant anew at each use (three): in
  ;; the bce pass's loops, which use some thirty, that was 3–8% of a
  ;; training's time. Nothing writes them.
  ;; $expf_x4's: the clamp of x; log2(e); 1.5·2^23 and its bits; ln2 in
  ;; two parts (Cephes' C1, C2); the polynomial's coefficients from r^7's
  ;; down; 1; float64's exponent bias.
  (global $exp_x_min (mut v128) (v128.const f32x4 -104 -104 -104 -104))
  (global $exp_x_max (mut v128) (v128.const f32x4 104 104 104 104))
  (global $log2_e (mut v128) (v128.const f32x4 0x1.715476p0 0x1.715476p0 0x1.715476p0 0x1.715476p0))
  (global $round_add (mut v128) (v128.const f32x4 0x1.8p23 0x1.8p23 0x1.8p23 0x1.8p23))
  (global $round_add_bits (mut v128) (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
  (global $ln2_hi (mut v128) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
  (global $ln2_lo (mut v128) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))
  (global $exp_p0 (mut v128) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
  (global $exp_p1 (mut v128) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3))
  (global $exp_p2 (mut v128) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3))
  (global $exp_p3 (mut v128) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2))
  (global $exp_p4 (mut v128) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1))
  (global $exp_p5 (mut v128) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1))
  (global $one (mut v128) (v128.const f32x4 1 1 1 1))
  (global $f64_bias (mut v128) (v128.const i64x2 1023 1023))
  ;; $logf_x4's: e^-100's float32 (about), the least normal float32, 2^64,
  ;; the exponent biases with and without the 2^64 scaling, the mantissa's
  ;; bits and 0.5's, √½, the polynomial's coefficients from f^10's down,
  ;; 0.5, the clamp and +inf.
  (global $log_under (mut v128) (v128.const f32x4 0x1.bp-145 0x1.bp-145 0x1.bp-145 0x1.bp-145))
  (global $f32_normal_min (mut v128) (v128.const f32x4 0x1p-126 0x1p-126 0x1p-126 0x1p-126))
  (global $two_64 (mut v128) (v128.const f32x4 0x1p64 0x1p64 0x1p64 0x1p64))
  (global $bias_scaled (mut v128) (v128.const i32x4 190 190 190 190))
  (global $bias_half (mut v128) (v128.const i32x4 126 126 126 126))
  (global $mantissa_bits (mut v128) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
  (global $half_bits (mut v128) (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000))
  (global $sqrt_half (mut v128) (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524))
  (global $log_p0 (mut v128) (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
  (global $log_p1 (mut v128) (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1))
  (global $log_p2 (mut v128) (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1))
  (global $log_p3 (mut v128) (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1))
  (global $log_p4 (mut v128) (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1))
  (global $log_p5 (mut v128) (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1))
  (global $log_p6 (mut v128) (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1))
  (global $log_p7 (mut v128) (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1))
  (global $log_p8 (mut v128) (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1))
  (global $half (mut v128) (v128.const f32x4 0.5 0.5 0.5 0.5))
  (global $log_min (mut v128) (v128.const f32x4 -100 -100 -100 -100))
  (global $f32_inf (mut v128) (v128.const f32x4 inf inf inf inf))

  ;; z[r] = bias + Σ_j x[r][j]·w[j] for the 2·pairs rows from $x, into the
  ;; float64 array at $z; $w holds the cols weights as float64.
  (func $logits
    (param $x i32) (param $pairs i32) (param $cols i32) (param $w i32) (param $bias f64) (param $z i32)
    (local $row i32) (local $b v128) (local $w0 v128) (local $w1 v128) (local $wp i32) (local $end i32)
    (local $pa v128) (local $pb v128) (local $wl f64)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $r4 i32) (local $r5 i32) (local $r6 i32) (local $r7 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $b (f64x2.splat (local.get $bias)))
    (block $fours_done
      (loop $fours
        (br_if $fours_done (i32.lt_u (local.get $pairs) (i32.const 4)))
        (local.set $a0 (local.get $b))
        (local.set $a1 (local.get $b))
        (local.set $a2 (local.get $b))
        (local.set $a3 (local.get $b))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $r0) (local.get $row)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $row)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $row)))
        (local.set $r4 (i32.add (local.get $r3) (local.get $row)))
        (local.set $r5 (i32.add (local.get $r4) (local.get $row)))
        (local.set $r6 (i32.add (local.get $r5) (local.get $row)))
        (local.set $r7 (i32.add (local.get $r6) (local.get $row)))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.shr_u (local.get $cols) (i32.const 1)) (i32.const 3))))
        (local.set $wp (local.get $w))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $r0) (local.get $end)))
            (local.set $w0 (v128.load64_splat (local.get $wp)))
            (local.set $w1 (v128.load64_splat offset=8 (local.get $wp)))
            (local.set $pa (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r0))))
            (local.set $pb (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r1))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pa) (local.get $pb)) (local.get $w0))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $pa) (local.get $pb)) (local.get $w1))))
            (local.set $pa (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r2))))
            (local.set $pb (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r3))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pa) (local.get $pb)) (local.get $w0))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $pa) (local.get $pb)) (local.get $w1))))
            (local.set $pa (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r4))))
            (local.set $pb (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r5))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pa) (local.get $pb)) (local.get $w0))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $pa) (local.get $pb)) (local.get $w1))))
            (local.set $pa (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r6))))
            (local.set $pb (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r7))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pa) (local.get $pb)) (local.get $w0))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $pa) (local.get $pb)) (local.get $w1))))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 8)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 8)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 8)))
            (local.set $r4 (i32.add (local.get $r4) (i32.const 8)))
            (local.set $r5 (i32.add (local.get $r5) (i32.const 8)))
            (local.set $r6 (i32.add (local.get $r6) (i32.const 8)))
            (local.set $r7 (i32.add (local.get $r7) (i32.const 8)))
            (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
            (br $col)))
        (if (i32.and (local.get $cols) (i32.const 1))
          (then
            (local.set $wl (f64.load (local.get $wp)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul
              (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $r0)))) (f64.promote_f32 (f32.load (local.get $r1))))
              (f64x2.splat (local.get $wl)))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul
              (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $r2)))) (f64.promote_f32 (f32.load (local.get $r3))))
              (f64x2.splat (local.get $wl)))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul
              (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $r4)))) (f64.promote_f32 (f32.load (local.get $r5))))
              (f64x2.splat (local.get $wl)))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul
              (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $r6)))) (f64.promote_f32 (f32.load (local.get $r7))))
              (f64x2.splat (local.get $wl)))))))
        (v128.store offset=0 (local.get $z) (local.get $a0))
        (v128.store offset=16 (local.get $z) (local.get $a1))
        (v128.store offset=32 (local.get $z) (local.get $a2))
        (v128.store offset=48 (local.get $z) (local.get $a3))
        (local.set $z (i32.add (local.get $z) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 3))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 4)))
        (br $fours)))
    (block $ones_done
      (loop $ones
        (br_if $ones_done (i32.eqz (local.get $pairs)))
        (local.set $a0 (local.get $b))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $x) (local.get $row)))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.shr_u (local.get $cols) (i32.const 1)) (i32.const 3))))
        (local.set $wp (local.get $w))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $r0) (local.get $end)))
            (local.set $pa (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r0))))
            (local.set $pb (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r1))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $pa) (local.get $pb)) (v128.load64_splat (local.get $wp)))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $pa) (local.get $pb)) (v128.load64_splat offset=8 (local.get $wp)))))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 8)))
            (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
            (br $col)))
        (if (i32.and (local.get $cols) (i32.const 1))
          (then
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul
              (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $r0)))) (f64.promote_f32 (f32.load (local.get $r1))))
              (v128.load64_splat (local.get $wp)))))))
        (v128.store (local.get $z) (local.get $a0))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 1))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $ones))))

  ;; The sums of four rows' float32 products, $a0 to $a3 a row each (lane k
  ;; the columns j ≡ k mod 4), into $u, a row a lane: [a0+a2, a1+a3] of
  ;; rows 0 and 1, then of rows 2 and 3, then the two halves of each row
  ;; added, ((s0 + s2) + (s1 + s3)). $logits32 and $narrow_epochs take this
  ;; body, so their logits are summed alike; the function only holds it.
  (func $row_sums_x4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $u v128) (local $v v128)
    ;; ---- $row_sums_x4's body: the four rows' sums into $u ----
    (local.set $u (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $v (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
    (local.set $u (f32x4.add
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $u) (local.get $v))
      (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $u) (local.get $v))))
    ;; ---- end of $row_sums_x4's body ----
    (local.get $u))

  ;; z[r] = bias + Σ_j x[r][j]·w[j] for rows 4·ceil(n/4) rows from $x, into
  ;; the float64 array at $z, the dot products in float32 as the C yardstick
  ;; takes them: four rows at a time, each row's products four columns a
  ;; vector into four float32 partial sums (lane k takes columns j ≡ k mod
  ;; 4), which are then added pairwise ((s0 + s2) + (s1 + s3)), four rows'
  ;; at once; the bias is added in float64. $wf holds the weights as
  ;; float32, zeros after the cols up to a multiple of 4, so a row's last
  ;; vector, which reads past the row into the next one (or the labels),
  ;; adds 0 for those lanes. Rows past the block's n are worked out from
  ;; whatever follows it in memory, and their z never read.
  (func $logits32
    (param $x i32) (param $n i32) (param $cols i32) (param $wf i32) (param $bias f64) (param $z i32)
    (local $row i32) (local $end i32) (local $wp i32) (local $wv v128)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $u v128) (local $v v128) (local $b v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $end (i32.add (local.get $wf)
      (i32.shl (i32.shr_u (i32.add (local.get $cols) (i32.const 3)) (i32.const 2)) (i32.const 4))))
    (local.set $b (f64x2.splat (local.get $bias)))
    (block $fours_done
      (loop $fours
        (br_if $fours_done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $r0) (local.get $row)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $row)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $row)))
        (local.set $wp (local.get $wf))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $wp) (local.get $end)))
            (local.set $wv (v128.load (local.get $wp)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $r0)) (local.get $wv))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (local.get $r1)) (local.get $wv))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (local.get $r2)) (local.get $wv))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (local.get $r3)) (local.get $wv))))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
            (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
            (br $col)))
        ;; ---- $row_sums_x4's body here: written in by assemble.mjs ----
        (v128.store offset=0 (local.get $z) (f64x2.add (local.get $b) (f64x2.promote_low_f32x4 (local.get $u))))
        (v128.store offset=16 (local.get $z) (f64x2.add (local.get $b) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))))
        (local.set $z (i32.add (local.get $z) (i32.const 32)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 2))))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $fours))))

  ;; sums[j] += Σ_r g[r]·x[r][j] for j < cols, over the 2·pairs rows from $x
  ;; (a block of at most 64), summed as the C yardstick sums them: the
  ;; block's products in float32, four columns a vector, into partial sums
  ;; at $part (float32, cols rounded up to a multiple of 4) row after row;
  ;; then each partial sum added in float64 to sums[j] (float64 at $sums).
  ;; g[r] is the float64 at $g rounded to float32. A row's last vector, when
  ;; cols is not a multiple of 4, reads past the row into what follows it in
  ;; memory (the next row, or the labels); those lanes' sums are never read.
  (func $accumulate
    (param $x i32) (param $pairs i32) (param $cols i32) (param $g i32) (param $part i32) (param $sums i32)
    (local $row i32) (local $part_end i32) (local $pp i32) (local $acc v128) (local $j i32)
    (local $r0 i32) (local $g0 v128) (local $r1 i32) (local $g1 v128) (local $r2 i32) (local $g2 v128) (local $r3 i32) (local $g3 v128) (local $r4 i32) (local $g4 v128) (local $r5 i32) (local $g5 v128) (local $r6 i32) (local $g6 v128) (local $r7 i32) (local $g7 v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $part_end (i32.add (local.get $part)
      (i32.shl (i32.shr_u (i32.add (local.get $cols) (i32.const 3)) (i32.const 2)) (i32.const 4))))
    (local.set $pp (local.get $part))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $pp) (local.get $part_end)))
        (v128.store (local.get $pp) (v128.const i32x4 0 0 0 0))
        (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
        (br $zero)))
    (block $fours_done
      (loop $fours
        (br_if $fours_done (i32.lt_u (local.get $pairs) (i32.const 4)))
        (local.set $g0 (f32x4.splat (f32.demote_f64 (f64.load offset=0 (local.get $g)))))
        (local.set $g1 (f32x4.splat (f32.demote_f64 (f64.load offset=8 (local.get $g)))))
        (local.set $g2 (f32x4.splat (f32.demote_f64 (f64.load offset=16 (local.get $g)))))
        (local.set $g3 (f32x4.splat (f32.demote_f64 (f64.load offset=24 (local.get $g)))))
        (local.set $g4 (f32x4.splat (f32.demote_f64 (f64.load offset=32 (local.get $g)))))
        (local.set $g5 (f32x4.splat (f32.demote_f64 (f64.load offset=40 (local.get $g)))))
        (local.set $g6 (f32x4.splat (f32.demote_f64 (f64.load offset=48 (local.get $g)))))
        (local.set $g7 (f32x4.splat (f32.demote_f64 (f64.load offset=56 (local.get $g)))))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $r0) (local.get $row)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $row)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $row)))
        (local.set $r4 (i32.add (local.get $r3) (local.get $row)))
        (local.set $r5 (i32.add (local.get $r4) (local.get $row)))
        (local.set $r6 (i32.add (local.get $r5) (local.get $row)))
        (local.set $r7 (i32.add (local.get $r6) (local.get $row)))
        (local.set $pp (local.get $part))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $pp) (local.get $part_end)))
            (local.set $acc (v128.load (local.get $pp)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g0) (v128.load (local.get $r0)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g1) (v128.load (local.get $r1)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g2) (v128.load (local.get $r2)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g3) (v128.load (local.get $r3)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g4) (v128.load (local.get $r4)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g5) (v128.load (local.get $r5)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g6) (v128.load (local.get $r6)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $g7) (v128.load (local.get $r7)))))
            (v128.store (local.get $pp) (local.get $acc))
            (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
            (local.set $r4 (i32.add (local.get $r4) (i32.const 16)))
            (local.set $r5 (i32.add (local.get $r5) (i32.const 16)))
            (local.set $r6 (i32.add (local.get $r6) (i32.const 16)))
            (local.set $r7 (i32.add (local.get $r7) (i32.const 16)))
            (br $col)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 3))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 4)))
        (br $fours)))
    (block $ones_done
      (loop $ones
        (br_if $ones_done (i32.eqz (local.get $pairs)))
        (local.set $g0 (f32x4.splat (f32.demote_f64 (f64.load offset=0 (local.get $g)))))
        (local.set $g1 (f32x4.splat (f32.demote_f64 (f64.load offset=8 (local.get $g)))))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $x) (local.get $row)))
        (local.set $pp (local.get $part))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $pp) (local.get $part_end)))
            (v128.store (local.get $pp) (f32x4.add
              (f32x4.add (v128.load (local.get $pp)) (f32x4.mul (local.get $g0) (v128.load (local.get $r0))))
              (f32x4.mul (local.get $g1) (v128.load (local.get $r1)))))
            (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
            (br $col)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 1))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $ones)))
    (local.set $pp (local.get $part))
    (local.set $j (local.get $cols))
    (block $added
      (loop $add
        (br_if $added (i32.eqz (local.get $j)))
        (f64.store (local.get $sums) (f64.add
          (f64.load (local.get $sums))
          (f64.promote_f32 (f32.load (local.get $pp)))))
        (local.set $sums (i32.add (local.get $sums) (i32.const 8)))
        (local.set $pp (i32.add (local.get $pp) (i32.const 4)))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $add))))

  ;; e^x, the very arithmetic of exp in src/engine/exp-log.ts (glibc's
  ;; table-driven method, N = 128), so the two agree to the bit: with
  ;; k = round(x·N/ln2) and r = x - k·ln2/N,
  ;;   e^x = 2^floor(k/N) · T_HI[k mod N] · (1 + T_TAIL[k mod N] + e^r - 1),
  ;; e^r - 1 to r^5. Math.exp's beyond |x| ≤ 708 and for NaN.
  (func $exp (export "exp") (param $x f64) (result f64)
    (local $kd f64) (local $k i32) (local $r f64) (local $i i32) (local $r2 f64) (local $p f64) (local $scale f64)
    (if (i32.eqz (f64.le (f64.abs (local.get $x)) (f64.const 708)))
      (then (return (call $math_exp (local.get $x)))))
    ;; Adding and subtracting 1.5·2^52 rounds to an integer.
    (local.set $kd (f64.sub
      (f64.add (f64.mul (local.get $x) (f64.const 0x1.71547652b82fep7)) (f64.const 0x1.8p52))
      (f64.const 0x1.8p52)))
    (local.set $k (i32.trunc_f64_s (local.get $kd)))
    ;; ln2/N as hi + lo, hi with 36 significant bits: kd·hi is exact.
    (local.set $r (f64.sub
      (f64.sub (local.get $x) (f64.mul (local.get $kd) (f64.const 0x1.62e42fefa0000p-8)))
      (f64.mul (local.get $kd) (f64.const 0x1.cf79abc9e3b3ap-47))))
    (local.set $i (i32.shl (i32.and (local.get $k) (i32.const 127)) (i32.const 3)))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    (local.set $p (f64.add
      (f64.add
        (f64.add (f64.load offset=1040 (local.get $i)) (local.get $r))
        (f64.mul (local.get $r2) (f64.add (f64.const 0.5) (f64.mul (local.get $r) (f64.const 0x1.5555555555555p-3)))))
      (f64.mul (f64.mul (local.get $r2) (local.get $r2))
        (f64.add (f64.const 0x1.5555555555555p-5) (f64.mul (local.get $r) (f64.const 0x1.1111111111111p-7))))))
    ;; 2^floor(k/N) is a normal double for |x| ≤ 708: built from its bits.
    (local.set $scale (f64.mul
      (f64.load offset=0 (local.get $i))
      (f64.reinterpret_i64 (i64.shl
        (i64.extend_i32_s (i32.add (i32.shr_s (local.get $k) (i32.const 7)) (i32.const 1023)))
        (i64.const 52)))))
    (f64.add (local.get $scale) (f64.mul (local.get $scale) (local.get $p))))

  ;; ln x, the very arithmetic of log in src/engine/exp-log.ts: with
  ;; x = 2^m·z, z ∈ [1, 2), and c = 2^(j/N) the table entry LOG_J picks for
  ;; z's bin, ln x = (N·m + j)·ln2/N - ln(1 + T_TAIL[j]) + ln(1 + r),
  ;; r = (z - c)/c, ln(1 + r) - r to r^8. Math.log's unless x is a normal
  ;; number in (0, 2^1023).
  (func $log (export "log") (param $x f64) (result f64)
    (local $high i32) (local $m i32) (local $j i32) (local $z f64) (local $c f64) (local $r f64)
    (local $K f64) (local $w f64) (local $hi f64) (local $lo f64) (local $r2 f64) (local $poly f64)
    (local.set $high (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (if (i32.or
          (i32.lt_u (local.get $high) (i32.const 0x00100000))
          (i32.ge_u (local.get $high) (i32.const 0x7fe00000)))
      (then (return (call $math_log (local.get $x)))))
    (local.set $m (i32.sub (i32.shr_u (local.get $high) (i32.const 20)) (i32.const 1023)))
    (local.set $j (i32.load offset=2080
      (i32.shl (i32.and (i32.shr_u (local.get $high) (i32.const 13)) (i32.const 127)) (i32.const 2))))
    ;; z = x·2^-m, exact.
    (local.set $z (f64.mul (local.get $x) (f64.reinterpret_i64 (i64.shl
      (i64.extend_i32_s (i32.sub (i32.const 1023) (local.get $m)))
      (i64.const 52)))))
    (local.set $c (f64.load offset=0 (i32.shl (local.get $j) (i32.const 3))))
    (local.set $r (f64.div (f64.sub (local.get $z) (local.get $c)) (local.get $c)))
    (local.set $K (f64.convert_i32_s (i32.add (i32.shl (local.get $m) (i32.const 7)) (local.get $j))))
    (local.set $w (f64.mul (local.get $K) (f64.const 0x1.62e42fefa0000p-8)))
    (local.set $hi (f64.add (local.get $w) (local.get $r)))
    (local.set $lo (f64.sub (local.get $r) (f64.sub (local.get $hi) (local.get $w))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    (local.set $poly (f64.mul (local.get $r2)
      (f64.add
        (f64.add
          (f64.add (f64.const -0.5) (f64.mul (local.get $r) (f64.const 0x1.5555555555555p-2)))
          (f64.mul (local.get $r2) (f64.add (f64.const -0.25) (f64.mul (local.get $r) (f64.const 0x1.999999999999ap-3)))))
        (f64.mul (f64.mul (local.get $r2) (local.get $r2))
          (f64.add
            (f64.add (f64.const -0x1.5555555555555p-3) (f64.mul (local.get $r) (f64.const 0x1.2492492492492p-3)))
            (f64.mul (local.get $r2) (f64.const -0.125)))))))
    (f64.add (local.get $hi) (f64.add
      (f64.add (local.get $lo)
        (f64.sub (f64.mul (local.get $K) (f64.const 0x1.cf79abc9e3b3ap-47))
          (f64.load offset=1040 (i32.shl (local.get $j) (i32.const 3)))))
      (local.get $poly))))

  ;; Each of the n rows' slope g = dcost/dz from its logit (float64 at $z)
  ;; and label (float32 at $y), into the float64 array at $g, as
  ;; src/engine/logistic.ts has them: the "bce" loss's from the float32
  ;; h = fround(1/(1 + e^-z)), g = h - y unless h(1 - h) < 1e-12
  ;; (bceSlope); the "lab" loss's (when $lab) g = 1/(1 + e^-z) - y in
  ;; float64. Adds Σ g to the float64 at $out, and on logged passes the cost
  ;; (bceCost, labCost) to the one at $out + 8 and the rows labelled right
  ;; (h >= 0.5 equal to y) to the one at $out + 16, each in row order. A row
  ;; is right when 1 - |floor(h + 0.5) - y| is 1, arithmetic and no branch,
  ;; which the CPU would mispredict wherever the model is unsure: h + 0.5
  ;; reaches 1 exactly when h >= 0.5, since a float32 below 0.5 is at most
  ;; 0.5 - 2^-25 and h + 0.5 is then a double below 1.
  (func $slopes
    (param $z i32) (param $y i32) (param $g i32) (param $n i32) (param $lab i32) (param $logged i32) (param $out i32)
    (local $end i32) (local $zk f64) (local $yk f64) (local $e f64) (local $hk f64) (local $gk f64) (local $s f64) (local $t f64)
    (local $sum f64) (local $cost f64) (local $correct f64)
    (local.set $sum (f64.load offset=0 (local.get $out)))
    (local.set $cost (f64.load offset=8 (local.get $out)))
    (local.set $correct (f64.load offset=16 (local.get $out)))
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 3))))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $zk (f64.load (local.get $z)))
        (local.set $yk (f64.promote_f32 (f32.load (local.get $y))))
        (local.set $e (call $exp (f64.neg (local.get $zk))))
        (local.set $hk (f64.promote_f32 (f32.demote_f64
          (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e))))))
        (if (local.get $lab)
          (then
            (local.set $gk (f64.sub
              (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e)))
              (local.get $yk)))
            (if (local.get $logged)
              (then
                ;; softplus(t) = max(t, 0) + log1p(e^-|t|), t = (1 - 2y)·z
                (local.set $t (f64.mul
                  (f64.sub (f64.const 1) (f64.mul (f64.const 2) (local.get $yk)))
                  (local.get $zk)))
                (local.set $cost (f64.add (local.get $cost) (f64.add
                  (f64.max (local.get $t) (f64.const 0))
                  (call $math_log1p (call $math_exp (f64.neg (f64.abs (local.get $t)))))))))))
          (else
            (local.set $s (f64.mul (local.get $hk) (f64.sub (f64.const 1) (local.get $hk))))
            ;; A branch, not a select: h has saturated on few rows, and a
            ;; select would divide on every one.
            (local.set $gk (f64.sub (local.get $hk) (local.get $yk)))
            (if (i32.eqz (f64.ge (local.get $s) (f64.const 0x1.19799812dea11p-40)))
              (then (local.set $gk (f64.div
                (f64.mul (local.get $gk) (local.get $s))
                (f64.const 0x1.19799812dea11p-40)))))
            (if (local.get $logged)
              (then
                ;; -max(log(y·h + (1 - y)·(1 - h)), -100)
                (local.set $cost (f64.add (local.get $cost) (f64.neg (f64.max
                  (call $log (f64.add
                    (f64.mul (local.get $yk) (local.get $hk))
                    (f64.mul (f64.sub (f64.const 1) (local.get $yk)) (f64.sub (f64.const 1) (local.get $hk)))))
                  (f64.const -100)))))))))
        (if (local.get $logged)
          (then
            ;; 1 - |floor(h + 0.5) - y|: no branch on the label
            (local.set $correct (f64.add (local.get $correct) (f64.sub (f64.const 1)
              (f64.abs (f64.sub (f64.floor (f64.add (local.get $hk) (f64.const 0.5))) (local.get $yk))))))))
        (f64.store (local.get $g) (local.get $gk))
        (local.set $sum (f64.add (local.get $sum) (local.get $gk)))
        (local.set $z (i32.add (local.get $z) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (br $row)))
    (f64.store offset=0 (local.get $out) (local.get $sum))
    (f64.store offset=8 (local.get $out) (local.get $cost))
    (f64.store offset=16 (local.get $out) (local.get $correct)))

  ;; $exp of each lane of the f64x2 $x, two at once: the same operations
  ;; lane by lane, so the same bits. A pair with a lane out of the tables'
  ;; range goes to $exp one lane at a time.
  (func $exp_x2 (param $x v128) (result v128)
    (local $kd v128) (local $k v128) (local $r v128) (local $i0 i32) (local $i1 i32) (local $r2 v128) (local $p v128) (local $scale v128)
    (if (i32.eqz (i64x2.all_true (f64x2.le (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 708)))))
      (then (return (f64x2.replace_lane 1
        (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
        (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    (local.set $kd (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $x) (f64x2.splat (f64.const 0x1.71547652b82fep7))) (f64x2.splat (f64.const 0x1.8p52)))
      (f64x2.splat (f64.const 0x1.8p52))))
    (local.set $k (i32x4.trunc_sat_f64x2_s_zero (local.get $kd)))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $kd) (f64x2.splat (f64.const 0x1.62e42fefa0000p-8))))
      (f64x2.mul (local.get $kd) (f64x2.splat (f64.const 0x1.cf79abc9e3b3ap-47)))))
    (local.set $i0 (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $k)) (i32.const 127)) (i32.const 3)))
    (local.set $i1 (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $k)) (i32.const 127)) (i32.const 3)))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $p (f64x2.add
      (f64x2.add
        (f64x2.add
          (f64x2.replace_lane 1 (v128.load64_splat offset=1040 (local.get $i0)) (f64.load offset=1040 (local.get $i1)))
          (local.get $r))
        (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0x1.5555555555555p-3))))))
      (f64x2.mul (f64x2.mul (local.get $r2) (local.get $r2))
        (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-5)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0x1.1111111111111p-7)))))))
    (local.set $scale (f64x2.mul
      (f64x2.replace_lane 1 (v128.load64_splat (local.get $i0)) (f64.load (local.get $i1)))
      (i64x2.shl
        (i64x2.add (i64x2.shr_s (i64x2.extend_low_i32x4_s (local.get $k)) (i32.const 7)) (i64x2.splat (i64.const 1023)))
        (i32.const 52))))
    (f64x2.add (local.get $scale) (f64x2.mul (local.get $scale) (local.get $p))))

  ;; e^x of each lane of the f32x4 $x, as two f64x2 (lanes 0 and 1, then 2
  ;; and 3): Cephes' expf in float32 (n = round(x/ln2), r = x - n·ln2 with
  ;; ln2 in two parts, e^r to r^7), then times 2^n in float64, which is
  ;; exact, so that e^x past float32's range (x > 88.72, where 1/(1 + e^x)
  ;; is still a subnormal float32) is not inf. x is clamped to [-104, 104]
  ;; first: beyond, 1/(1 + e^x) rounds to float32's 1 or 0 alike. Its
  ;; error in ulps is bounded in tests/engine/exp-log.test.ts.
  ;;
  ;; Written for the fewest x64 instructions at the same bits: pmin and
  ;; pmax clamp (one instruction each, where min and max take seven to
  ;; order NaN and ±0; they differ only in which NaN a NaN x gives), and n
  ;; as an integer is the low bits of n + 1.5·2^23, exact for |n| ≤ 151
  ;; (a conversion with saturation takes seven).
  (func $expf_x4 (param $x v128) (result v128 v128)
    (local $ni v128) (local $fn v128) (local $r v128) (local $p v128) (local $e01 v128) (local $e23 v128)
    ;; ---- $expf_x4's body: e^x of $x's lanes into $e01, $e23 ----
    (local.set $x (f32x4.pmin (f32x4.pmax (local.get $x) (global.get $exp_x_min)) (global.get $exp_x_max)))
    (local.set $fn (f32x4.nearest (f32x4.mul (local.get $x) (global.get $log2_e))))
    (local.set $ni (i32x4.sub
      (f32x4.add (local.get $fn) (global.get $round_add))
      (global.get $round_add_bits)))
    ;; fn has at most 8 significant bits and 0.693359375 9: their product is exact.
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $fn) (global.get $ln2_hi)))
      (f32x4.mul (local.get $fn) (global.get $ln2_lo))))
    (local.set $p (global.get $exp_p0))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (global.get $exp_p1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (global.get $exp_p2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (global.get $exp_p3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (global.get $exp_p4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (global.get $exp_p5)))
    (local.set $p (f32x4.add
      (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r))
      (global.get $one)))
    (local.set $e01 (f64x2.mul (f64x2.promote_low_f32x4 (local.get $p))
      (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $ni)) (global.get $f64_bias)) (i32.const 52))))
    (local.set $e23 (f64x2.mul
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))
      (i64x2.shl (i64x2.add (i64x2.extend_high_i32x4_s (local.get $ni)) (global.get $f64_bias)) (i32.const 52))))
    ;; ---- end of $expf_x4's body ----
    (local.get $e01) (local.get $e23))

  ;; max(ln x, -100) of each lane of the f32x4 $x ≥ 0, in float32 (Cephes'
  ;; logf): x = 2^e·m with m in [√½, √2), ln(m) from f = m - 1 to f^10,
  ;; plus e·ln2 in two parts. Subnormal x is scaled by 2^64 first; x under
  ;; e^-100 (0 among them) gives the clamp, -100, as PyTorch's bce does;
  ;; NaN gives NaN and +inf +inf, as with Math.log. When every lane is a
  ;; normal, finite float32, none of those cases can arise, and a branch
  ;; (predicted: the costs' h rarely saturate) skips their work, the same
  ;; numbers: a logged training's epochs took 0.91-0.93 of the time
  ;; (`npm run bench:ab -- <rev> --cost --only=toy,diabetes,s100k
  ;; --log-every=1`).
  (func $logf_x4 (param $x v128) (result v128)
    (local $tiny v128) (local $e v128) (local $m v128) (local $small v128) (local $f v128) (local $ff v128) (local $p v128) (local $fe v128) (local $under v128) (local $log v128)
    ;; ---- $logf_x4's body: max(ln x, -100) of $x's lanes into $log ----
    (if (i32x4.all_true (v128.and
          (f32x4.ge (local.get $x) (global.get $f32_normal_min))
          (f32x4.lt (local.get $x) (global.get $f32_inf))))
      (then
        ;; Every lane normal and finite (the costs' usual case): no
        ;; scaling, and ln x ≥ -87.34, above the clamp.
        (local.set $e (i32x4.sub (i32x4.shr_u (local.get $x) (i32.const 23)) (global.get $bias_half)))
        ;; ---- $logf_m's body here: written in by assemble.mjs ----
        (local.set $log (local.get $p)))
      (else
        ;; Under 27·2^-149, the float32 nearest e^-100: ln x < -99.98.
        (local.set $under (f32x4.lt (local.get $x) (global.get $log_under)))
        (local.set $tiny (f32x4.lt (local.get $x) (global.get $f32_normal_min)))
        (local.set $x (v128.bitselect
          (f32x4.mul (local.get $x) (global.get $two_64))
          (local.get $x)
          (local.get $tiny)))
        (local.set $e (i32x4.sub
          (i32x4.shr_u (local.get $x) (i32.const 23))
          (v128.bitselect (global.get $bias_scaled) (global.get $bias_half) (local.get $tiny))))
        ;; ---- $logf_m's body here: written in by assemble.mjs ----
        (local.set $log (v128.bitselect
          (global.get $log_min)
          (f32x4.pmax (local.get $p) (global.get $log_min))
          (local.get $under)))
        ;; ln NaN is NaN and ln +inf is +inf, as Math.log's: the bits of either
        ;; read as a number above (2^128 or more), so x itself there.
        (local.set $log (v128.bitselect
          (local.get $log)
          (local.get $x)
          (f32x4.lt (local.get $x) (global.get $f32_inf))))))
    ;; ---- end of $logf_x4's body ----
    (local.get $log))

  ;; ln x into $p from x's exponent $e (int32 lanes) and the bits of its
  ;; mantissa in $x: both branches of $logf_x4 take this body; the
  ;; function only holds it.
  (func $logf_m (param $x v128) (param $e v128) (result v128)
    (local $m v128) (local $small v128) (local $f v128) (local $ff v128) (local $p v128) (local $fe v128)
    ;; ---- $logf_m's body: ln of $x's lanes from $e and the mantissa into $p ----
    (local.set $m (v128.or
      (v128.and (local.get $x) (global.get $mantissa_bits))
      (global.get $half_bits)))
    ;; m in [0.5, 1): below √½, 2m - 1 and e - 1; else m - 1.
    (local.set $small (f32x4.lt (local.get $m) (global.get $sqrt_half)))
    (local.set $e (i32x4.add (local.get $e) (local.get $small)))
    (local.set $f (f32x4.sub
      (f32x4.add (local.get $m) (v128.and (local.get $m) (local.get $small)))
      (global.get $one)))
    (local.set $fe (f32x4.convert_i32x4_s (local.get $e)))
    (local.set $ff (f32x4.mul (local.get $f) (local.get $f)))
    (local.set $p (global.get $log_p0))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p5)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p6)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p7)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (global.get $log_p8)))
    (local.set $p (f32x4.mul (f32x4.mul (local.get $p) (local.get $f)) (local.get $ff)))
    (local.set $p (f32x4.add (local.get $p) (f32x4.mul (local.get $fe) (global.get $ln2_lo))))
    (local.set $p (f32x4.sub (local.get $p) (f32x4.mul (local.get $ff) (global.get $half))))
    (local.set $p (f32x4.add
      (f32x4.add (local.get $f) (local.get $p))
      (f32x4.mul (local.get $fe) (global.get $ln2_hi))))
    ;; ---- end of $logf_m's body ----
    (local.get $p))

  ;; The float32 exp and log of the bce pass, a lane at a time, for the test
  ;; that bounds their error (tests/engine/exp-log.test.ts).
  (func (export "expf") (param $x f32) (result f64)
    (drop (call $expf_x4 (f32x4.splat (local.get $x))))
    (f64x2.extract_lane 0))
  (func (export "logf") (param $x f32) (result f32)
    (f32x4.extract_lane 0 (call $logf_x4 (f32x4.splat (local.get $x)))))

  ;; h and g of the "bce" loss for the four rows whose float32 logits are
  ;; $zk (labels $yk, lanes off $live masked out of g), much as the C
  ;; yardstick works them: e^-z from z rounded to float32 ($expf_x4),
  ;; h = 1/(1 + e^-z) in float64 rounded to float32 once, as the plain
  ;; loop's h is (where h nears 1, its float32 last bit is most of 1 - h,
  ;; which the cost's log reads), g = h - y, scaled by h(1-h)/1e-12 where
  ;; h(1-h) < 1e-12 (PyTorch's floor); g added to the float64 pair $sum
  ;; (lanes 0 and 1, then 2 and 3: Σ g). Its body goes into the loops that
  ;; take it ($bce_slopes, $narrow_epochs: V8 inlines no call); the
  ;; function only holds it.
  (func $bce_slope_x4 (param $zk v128) (param $yk v128) (param $live v128) (param $sum v128) (result v128 v128 v128)
    (local $x v128) (local $ni v128) (local $fn v128) (local $r v128) (local $p v128) (local $e01 v128) (local $e23 v128)
    (local $hk v128) (local $gk v128) (local $h1h v128) (local $steep v128)
    ;; ---- $bce_slope_x4's body: h and g of $zk's rows into $hk, $gk; Σ g into $sum ----
    (local.set $x (f32x4.neg (local.get $zk)))
    ;; ---- $expf_x4's body here: written in by assemble.mjs ----
    (local.set $hk (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.div (f64x2.splat (f64.const 1))
        (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e01))))
      (f32x4.demote_f64x2_zero (f64x2.div (f64x2.splat (f64.const 1))
        (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e23))))))
    (local.set $h1h (f32x4.mul (local.get $hk) (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $hk))))
    (local.set $gk (f32x4.sub (local.get $hk) (local.get $yk)))
    ;; The flat where h has saturated: rare, so only then divide.
    (local.set $steep (f32x4.ge (local.get $h1h) (f32x4.splat (f32.const 1e-12))))
    (if (i32.eqz (i32x4.all_true (local.get $steep)))
      (then (local.set $gk (v128.bitselect
        (local.get $gk)
        (f32x4.div (f32x4.mul (local.get $gk) (local.get $h1h)) (f32x4.splat (f32.const 1e-12)))
        (local.get $steep)))))
    (local.set $gk (v128.and (local.get $gk) (local.get $live)))
    (local.set $sum (f64x2.add (local.get $sum) (f64x2.add
      (f64x2.promote_low_f32x4 (local.get $gk))
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gk) (local.get $gk))))))
    ;; ---- end of $bce_slope_x4's body ----
    (local.get $hk) (local.get $gk) (local.get $sum))

  ;; The "bce" costs -max(ln(y·h + (1-y)(1-h)), -100) of $n rows (h float32
  ;; at $hp, labels at $yp) summed in float64, and the rows where (h ≥ 0.5)
  ;; is the label counted, added to the two float64 at $costs_out, four
  ;; rows a vector, lanes 0 and 1 then 2 and 3, lanes past $n left out.
  ;; The logs depend on nothing but their own h, so the CPU runs them side
  ;; by side, and the loops that take this body run it off the epochs'
  ;; chain: $bce_slopes once a block's slopes are out, $narrow_epochs an
  ;; epoch later. The function only holds the body (a call of it cost the
  ;; toy's training 6%).
  (func $bce_costs (param $hp i32) (param $yp i32) (param $n i32) (param $costs_out i32)
    (local $i i32) (local $live v128) (local $hk v128) (local $yk v128) (local $v v128) (local $cost v128) (local $correct v128)
    ;; $logf_x4's
    (local $x v128) (local $tiny v128) (local $e v128) (local $m v128) (local $small v128) (local $f v128) (local $ff v128) (local $p v128) (local $fe v128) (local $under v128) (local $log v128)
    ;; ---- $bce_costs's body: the rows' costs and rows right added at $costs_out ----
    (local.set $i (i32.const 0))
    (local.set $cost (v128.const i32x4 0 0 0 0))
    (local.set $correct (v128.const i32x4 0 0 0 0))
    (block $costs_done
      (loop $costs
        (br_if $costs_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $live (i32x4.lt_s
          (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3))
          (i32x4.splat (local.get $n))))
        (local.set $hk (v128.load (local.get $hp)))
        (local.set $yk (v128.load (local.get $yp)))
        (local.set $x (f32x4.add
          (f32x4.mul (local.get $yk) (local.get $hk))
          (f32x4.mul
            (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $yk))
            (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $hk)))))
        ;; ---- $logf_x4's body here: written in by assemble.mjs ----
        (local.set $v (v128.and (local.get $live) (local.get $log)))
        (local.set $cost (f64x2.sub (local.get $cost) (f64x2.add
          (f64x2.promote_low_f32x4 (local.get $v))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
        ;; A lane's comparison is -1 where true: subtracting counts it.
        (local.set $correct (i32x4.sub (local.get $correct) (v128.and (local.get $live) (v128.not (v128.xor
          (f32x4.ge (local.get $hk) (f32x4.splat (f32.const 0.5)))
          (f32x4.eq (local.get $yk) (f32x4.splat (f32.const 1))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $hp (i32.add (local.get $hp) (i32.const 16)))
        (local.set $yp (i32.add (local.get $yp) (i32.const 16)))
        (br $costs)))
    (f64.store offset=0 (local.get $costs_out) (f64.add (f64.load offset=0 (local.get $costs_out))
      (f64.add (f64x2.extract_lane 0 (local.get $cost)) (f64x2.extract_lane 1 (local.get $cost)))))
    (f64.store offset=8 (local.get $costs_out) (f64.add (f64.load offset=8 (local.get $costs_out))
      (f64.convert_i32_s (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $correct)) (i32x4.extract_lane 1 (local.get $correct)))
        (i32.add (i32x4.extract_lane 2 (local.get $correct)) (i32x4.extract_lane 3 (local.get $correct)))))))
    ;; ---- end of $bce_costs's body ----
    )

  ;; The slopes of the "bce" loss for the $n rows of a block, four rows at a
  ;; time in float32 lanes ($bce_slope_x4), into the float64 array at $g;
  ;; on logged passes the cost and the rows right ($bce_costs). Σ g, the
  ;; cost and the rows right are summed in float64 into the three float64
  ;; at $out, each in row order. Lanes past $n (the block's last vector)
  ;; are masked out of g and every sum.
  ;;
  ;; Two loops over the block: the slopes, each vector's h kept as float32
  ;; in the logits' place (vector k's at $z + 16k, once its own logits at
  ;; $z + 32k are read: below those of vector k + 1, at $z + 32k + 32);
  ;; then, on logged passes, the cost and rows right from the h kept. The
  ;; logs are then iterations that depend on nothing but their own h,
  ;; which the CPU runs side by side, rather than a tail on each slope's
  ;; chain.
  (func $bce_slopes
    (param $z i32) (param $y i32) (param $g i32) (param $n i32) (param $logged i32) (param $out i32)
    (local $i i32) (local $live v128) (local $zk v128) (local $yk v128) (local $hk v128) (local $gk v128) (local $v v128)
    (local $sum v128) (local $hp i32)
    ;; $bce_costs's
    (local $yp i32) (local $costs_out i32) (local $cost v128) (local $correct v128)
    ;; $bce_slope_x4's and $bce_costs's
    (local $x v128) (local $ni v128) (local $fn v128) (local $r v128) (local $p v128) (local $e01 v128) (local $e23 v128) (local $h1h v128) (local $steep v128)
    (local $tiny v128) (local $e v128) (local $m v128) (local $small v128) (local $f v128) (local $ff v128) (local $fe v128) (local $under v128) (local $log v128)
    (local.set $hp (local.get $z))
    (block $done
      (loop $four
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $live (i32x4.lt_s
          (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3))
          (i32x4.splat (local.get $n))))
        (local.set $zk (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load offset=0 (local.get $z)))
          (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $z)))))
        (local.set $yk (v128.load (local.get $y)))
        ;; ---- $bce_slope_x4's body here: written in by assemble.mjs ----
        (v128.store (local.get $hp) (local.get $hk))
        (v128.store offset=0 (local.get $g) (f64x2.promote_low_f32x4 (local.get $gk)))
        (local.set $v (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gk) (local.get $gk)))
        (v128.store offset=16 (local.get $g) (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $z (i32.add (local.get $z) (i32.const 32)))
        (local.set $hp (i32.add (local.get $hp) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 32)))
        (br $four)))
    (f64.store offset=0 (local.get $out) (f64.add (f64.load offset=0 (local.get $out))
      (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum)))))
    (if (i32.eqz (local.get $logged)) (then (return)))
    (local.set $yp (i32.sub (local.get $y) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $hp (i32.sub (local.get $hp) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $costs_out (i32.add (local.get $out) (i32.const 8)))
    ;; ---- $bce_costs's body here: written in by assemble.mjs ----
    )

  ;; One epoch's whole pass over $rows rows (float32 at $x, cols values a
  ;; row, a row of zeros after an odd count; labels float32 at $y), in
  ;; blocks of 64 rows that stay in cache: the block's logits, its slopes
  ;; (and on logged passes its cost and rows right), then the slopes times
  ;; the rows, summed in float32 within the block ($accumulate, scratch at
  ;; $part: cols rounded up to 4 float32), into the float64 sums at $sums
  ;; (cols of them, zeroed first). The three float64 at $out get Σ g (the
  ;; bias's sum), the cost and the rows right. $wf holds the cols weights as
  ;; float32, then zeros up to a multiple of 4 ($logits32); $z and $g are
  ;; scratch for 64 float64 each.
  (func $epoch (export "epoch")
    (param $x i32) (param $y i32) (param $rows i32) (param $cols i32) (param $wf i32) (param $bias f64)
    (param $lab i32) (param $logged i32) (param $z i32) (param $g i32) (param $part i32) (param $sums i32) (param $out i32)
    (call $zero_sums (local.get $sums) (local.get $cols) (local.get $out))
    (call $epoch_add (local.get $x) (local.get $y) (local.get $rows) (local.get $cols) (local.get $wf)
      (local.get $bias) (local.get $lab) (local.get $logged) (local.get $z) (local.get $g)
      (local.get $part) (local.get $sums) (local.get $out)))

  ;; Zeroes the cols float64 sums at $sums and the three totals at $out.
  (func $zero_sums (param $sums i32) (param $cols i32) (param $out i32)
    (local $sp i32) (local $sums_end i32)
    ;; ---- $zero_sums's body: zeroes the sums and the totals ----
    (local.set $sums_end (i32.add (local.get $sums) (i32.shl (local.get $cols) (i32.const 3))))
    (local.set $sp (local.get $sums))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $sp) (local.get $sums_end)))
        (f64.store (local.get $sp) (f64.const 0))
        (local.set $sp (i32.add (local.get $sp) (i32.const 8)))
        (br $zero)))
    (f64.store offset=0 (local.get $out) (f64.const 0))
    (f64.store offset=8 (local.get $out) (f64.const 0))
    (f64.store offset=16 (local.get $out) (f64.const 0))
    ;; ---- end of $zero_sums's body ----
    )

  ;; $epoch's pass without its zeroing: adds into the sums at $sums and the
  ;; three totals at $out what they hold. A pass over rows in windows of a
  ;; multiple of 64 rows, one call a window in order (the last one's odd
  ;; count followed by a row of zeros), adds the same blocks in the same
  ;; order as one call over all of them, so its numbers are $epoch's to the
  ;; bit (src/engine/windowed-epoch.ts).
  (func $epoch_add (export "epochAdd")
    (param $x i32) (param $y i32) (param $rows i32) (param $cols i32) (param $wf i32) (param $bias f64)
    (param $lab i32) (param $logged i32) (param $z i32) (param $g i32) (param $part i32) (param $sums i32) (param $out i32)
    (local $start i32) (local $n i32) (local $pairs i32) (local $at i32)
    ;; ---- $epoch_add's body: the blocks' passes, added into the sums and totals ----
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $rows)))
        (local.set $n (select
          (i32.const 64)
          (i32.sub (local.get $rows) (local.get $start))
          (i32.ge_u (i32.sub (local.get $rows) (local.get $start)) (i32.const 64))))
        (local.set $pairs (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1)))
        (local.set $at (i32.add (local.get $x)
          (i32.shl (i32.mul (local.get $start) (local.get $cols)) (i32.const 2))))
        (call $logits32 (local.get $at) (local.get $n) (local.get $cols) (local.get $wf) (local.get $bias) (local.get $z))
        (if (local.get $lab)
          (then (call $slopes (local.get $z)
            (i32.add (local.get $y) (i32.shl (local.get $start) (i32.const 2)))
            (local.get $g) (local.get $n) (i32.const 1) (local.get $logged) (local.get $out)))
          (else (call $bce_slopes (local.get $z)
            (i32.add (local.get $y) (i32.shl (local.get $start) (i32.const 2)))
            (local.get $g) (local.get $n) (local.get $logged) (local.get $out))))
        ;; The zero row after an odd count adds nothing with a zero slope.
        (if (i32.and (local.get $n) (i32.const 1))
          (then (f64.store (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 3))) (f64.const 0))))
        (call $accumulate (local.get $at) (local.get $pairs) (local.get $cols) (local.get $g) (local.get $part) (local.get $sums))
        (local.set $start (i32.add (local.get $start) (i32.const 64)))
        (br $block)))
    ;; ---- end of $epoch_add's body ----
    )

  ;; `epochs` for a set of 1 to 64 rows of at most 4 columns and the "bce"
  ;; loss (the lab's toy is 6 rows of 2): the same epochs to the bit,
  ;; worked with what one epoch hands the next held in registers. There an
  ;; epoch is a chain of dependent steps from the weights to the next
  ;; weights, and in `epochs` it ran through memory: the block's logits,
  ;; slopes and partial sums stored and read back, the weights stored and
  ;; loaded between epochs, three calls an epoch. Here one vector holds the
  ;; weights across the epochs; each four rows go from their logits
  ;; ($logits32's products, one vector a row) through their slopes
  ;; ($bce_slope_x4) into the gradient's float32 partial sums two rows at a
  ;; time in row order, as $accumulate adds them; the step works the four
  ;; columns at once, the lanes past cols kept 0. `npm run bench:ab -- <rev>
  ;; --cost --only=toy --log-every=1` put the toy's training at 0.76-0.79
  ;; of the time of `epochs`'s (three runs).
  ;;
  ;; Where its operations differ from `epochs`'s, the numbers cannot:
  ;; - a row's products are not added to a zero first: that makes -0 +0,
  ;;   and the sign of a zero logit changes nothing (e^-z is 1 exactly for
  ;;   either);
  ;; - the bias is added in float32, where `epochs` adds it in float64 and
  ;;   rounds the logit to float32: for a sum of two float32 the two give
  ;;   the same float32, since float64's 53 bits are at least 2·24 + 2
  ;;   (S. A. Figueroa, "When is double rounding innocuous?", SIGNUM
  ;;   Newsletter 30(3), 1995);
  ;; - a logged epoch's cost is worked out at the start of the next one,
  ;;   from its h kept at $hs (4 bytes a row): off the chain, those logs
  ;;   fill the time the epoch's first steps wait on the last step, where
  ;;   in line they lengthened it. So an epoch whose cost is not finite is
  ;;   not stopped before its step, as in `epochs`: the cost is NaN where
  ;;   some h is (a logit past float32's range), which makes Σ g and so the
  ;;   bias NaN, and the run stops after that step with its log written,
  ;;   the same count returned; the caller reads the logs first and names
  ;;   the cost.
  ;; Arguments as `epochs`'s, and $hs scratch for 64 float32.
  (func $narrow_epochs
    (param $xs i32) (param $ys i32) (param $n i32) (param $cols i32) (param $wf i32) (param $b i32)
    (param $first i32) (param $count i32) (param $every i32) (param $step f64) (param $hs i32) (param $history i32)
    (result i32)
    (local $k i32) (local $logged i32) (local $pending i32) (local $done i32) (local $costs_out i32)
    (local $i i32) (local $stride i32) (local $at i32) (local $yp i32) (local $hp i32)
    (local $w v128) (local $keep v128) (local $bias f32) (local $bf v128) (local $sv v128) (local $total f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $u v128) (local $v v128)
    (local $zk v128) (local $yk v128) (local $live v128) (local $hk v128) (local $gk v128)
    (local $acc v128) (local $sum v128) (local $cost v128) (local $correct v128) (local $w01 v128) (local $w23 v128)
    ;; $bce_slope_x4's and $bce_costs's
    (local $x v128) (local $ni v128) (local $fn v128) (local $r v128) (local $p v128) (local $e01 v128) (local $e23 v128) (local $h1h v128) (local $steep v128)
    (local $tiny v128) (local $e v128) (local $m v128) (local $small v128) (local $f v128) (local $ff v128) (local $fe v128) (local $under v128) (local $log v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $keep (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $cols))))
    (local.set $w (v128.and (local.get $keep) (v128.load (local.get $wf))))
    (local.set $bias (f32.load (local.get $b)))
    (local.set $sv (f64x2.splat (local.get $step)))
    (loop $epochs
      ;; The last logged epoch's cost and rows right, from its h kept at
      ;; $hs: off this epoch's chain, whose work waits on the last step.
      (if (local.get $pending)
        (then
          (f64.store offset=0 (local.get $costs_out) (f64.const 0))
          (f64.store offset=8 (local.get $costs_out) (f64.const 0))
          (local.set $hp (local.get $hs))
          (local.set $yp (local.get $ys))
          ;; ---- $bce_costs's body here: written in by assemble.mjs ----
          (local.set $pending (i32.const 0))))
      (if (i32.eqz (i32.or (local.get $done) (i32.ge_u (local.get $k) (local.get $count))))
        (then
          (local.set $logged (i32.eqz
            (i32.rem_u (i32.add (local.get $first) (local.get $k)) (local.get $every))))
          (local.set $bf (f32x4.splat (local.get $bias)))
          (local.set $acc (v128.const i32x4 0 0 0 0))
          (local.set $sum (v128.const i32x4 0 0 0 0))
          (local.set $i (i32.const 0))
          (local.set $at (local.get $xs))
          (local.set $yp (local.get $ys))
          (local.set $hp (local.get $hs))
          (loop $four
            ;; Rows i to i + 3's logits: each row's products in its lanes,
            ;; summed as $logits32 sums them, then the bias (in float32:
            ;; above).
            (local.set $a0 (f32x4.mul (v128.load (local.get $at)) (local.get $w)))
            (local.set $a1 (f32x4.mul (v128.load (i32.add (local.get $at) (local.get $stride))) (local.get $w)))
            (local.set $a2 (f32x4.mul (v128.load (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 1)))) (local.get $w)))
            (local.set $a3 (f32x4.mul (v128.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3)))) (local.get $w)))
            ;; ---- $row_sums_x4's body here: written in by assemble.mjs ----
            (local.set $zk (f32x4.add (local.get $bf) (local.get $u)))
            (local.set $yk (v128.load (local.get $yp)))
            (local.set $live (i32x4.lt_s
              (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3))
              (i32x4.splat (local.get $n))))
            ;; ---- $bce_slope_x4's body here: written in by assemble.mjs ----
            (v128.store (local.get $hp) (local.get $hk))
            ;; The products g·x of rows i and i + 1, then of i + 2 and i + 3
            ;; (when their pair is among the ceil(rows/2) an odd count's row
            ;; of zeros completes).
            (local.set $acc (f32x4.add
              (f32x4.add (local.get $acc)
                (f32x4.mul (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $gk) (local.get $gk)) (v128.load (local.get $at))))
              (f32x4.mul (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $gk) (local.get $gk))
                (v128.load (i32.add (local.get $at) (local.get $stride))))))
            (if (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n))
              (then (local.set $acc (f32x4.add
                (f32x4.add (local.get $acc)
                  (f32x4.mul (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $gk) (local.get $gk))
                    (v128.load (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 1))))))
                (f32x4.mul (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $gk) (local.get $gk))
                  (v128.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3)))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (local.set $at (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 2))))
            (local.set $yp (i32.add (local.get $yp) (i32.const 16)))
            (local.set $hp (i32.add (local.get $hp) (i32.const 16)))
            (br_if $four (i32.lt_u (local.get $i) (local.get $n))))
          (local.set $total (f64.add (f64.const 0)
            (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum)))))
          (if (local.get $logged)
            (then
              (local.set $costs_out (local.get $history))
              (local.set $history (i32.add (local.get $history) (i32.const 16)))
              (local.set $pending (i32.const 1))))
          ;; The step, as `epochs`'s: the sums 0 + Σ, in float64.
          (local.set $w01 (f64x2.sub (f64x2.promote_low_f32x4 (local.get $w))
            (f64x2.mul (local.get $sv) (f64x2.add (v128.const i32x4 0 0 0 0) (f64x2.promote_low_f32x4 (local.get $acc))))))
          (local.set $w23 (f64x2.sub
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))
            (f64x2.mul (local.get $sv) (f64x2.add (v128.const i32x4 0 0 0 0) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc) (local.get $acc)))))))
          (local.set $w (v128.and (local.get $keep) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $w01)) (f32x4.demote_f64x2_zero (local.get $w23)))))
          (local.set $bias (f32.demote_f64 (f64.sub (f64.promote_f32 (local.get $bias))
            (f64.mul (local.get $step) (local.get $total)))))
          ;; x - x is 0 for a finite x, NaN for an infinity or NaN.
          (if (i32.and
                (i32x4.all_true (f32x4.eq (v128.const i32x4 0 0 0 0) (f32x4.sub (local.get $w) (local.get $w))))
                (f32.eq (f32.const 0) (f32.sub (local.get $bias) (local.get $bias))))
            (then (local.set $k (i32.add (local.get $k) (i32.const 1))))
            (else (local.set $done (i32.const 1))))
          (br $epochs))))
    (v128.store (local.get $wf) (local.get $w))
    (f32.store (local.get $b) (local.get $bias))
    (local.get $k))

  ;; $count full-batch epochs of plain gradient descent, epochs $first,
  ;; $first + 1, ... (the lab's loop with no option set, src/engine/fit.ts):
  ;; each is $epoch's pass over the rows, logged when its number is a
  ;; multiple of $every, then the step p = fround(p - $s·Σ) of the cols
  ;; float32 weights at $wf and the float32 bias at $b, in float64 as
  ;; fit.ts's `update` does, so the epochs' numbers are those of one call of
  ;; $epoch each to the bit. A logged epoch appends its cost and rows right
  ;; (two float64, as $epoch leaves them at $out) at $log. Returns the epochs
  ;; run through their step with every parameter finite: fewer than $count
  ;; when one's logged cost was not finite (its log written, no step) or its
  ;; step left a parameter that is not, which the caller reports. Sets of 1
  ;; to 64 rows of at most 4 columns, "bce" loss, go to $narrow_epochs.
  (func (export "epochs")
    (param $x i32) (param $y i32) (param $rows i32) (param $cols i32) (param $wf i32) (param $b i32)
    (param $lab i32) (param $first i32) (param $count i32) (param $every i32) (param $s f64)
    (param $z i32) (param $g i32) (param $part i32) (param $sums i32) (param $out i32) (param $log i32)
    (result i32)
    (local $k i32) (local $logged i32) (local $finite i32) (local $at i32) (local $end i32) (local $p f32) (local $sum i32)
    ;; $zero_sums's and $epoch_add's
    (local $sp i32) (local $sums_end i32) (local $bias f64) (local $start i32) (local $n i32) (local $pairs i32)
    ;; rows - 1 ≤ 63 unsigned: 1 ≤ rows ≤ 64.
    (if (i32.and (i32.eqz (local.get $lab)) (i32.and
          (i32.le_u (i32.sub (local.get $rows) (i32.const 1)) (i32.const 63))
          (i32.le_u (local.get $cols) (i32.const 4))))
      (then (return (call $narrow_epochs (local.get $x) (local.get $y) (local.get $rows) (local.get $cols)
        (local.get $wf) (local.get $b) (local.get $first) (local.get $count) (local.get $every)
        (local.get $s) (local.get $z) (local.get $log)))))
    (local.set $end (i32.add (local.get $wf) (i32.shl (local.get $cols) (i32.const 2))))
    (block $stop
      (loop $epochs
        (br_if $stop (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $logged (i32.eqz
          (i32.rem_u (i32.add (local.get $first) (local.get $k)) (local.get $every))))
        ;; One block (the toy's 6 rows, any set of up to 64): the zeroing
        ;; and the block's pass worked here, two calls an epoch fewer. Over
        ;; more blocks, the calls: with the pass's locals and the loop's
        ;; live across its three calls a block, V8 spills more around each,
        ;; and 100,000×32 trained at 1.02–1.10 of the time (bench:ab).
        (if (i32.le_u (local.get $rows) (i32.const 64))
          (then
            ;; ---- $zero_sums's body here: written in by assemble.mjs ----
            (local.set $bias (f64.promote_f32 (f32.load (local.get $b))))
            (local.set $start (i32.const 0))
            ;; ---- $epoch_add's body here: written in by assemble.mjs ----
            )
          (else
            (call $zero_sums (local.get $sums) (local.get $cols) (local.get $out))
            (call $epoch_add (local.get $x) (local.get $y) (local.get $rows) (local.get $cols) (local.get $wf)
              (f64.promote_f32 (f32.load (local.get $b)))
              (local.get $lab) (local.get $logged) (local.get $z) (local.get $g) (local.get $part)
              (local.get $sums) (local.get $out))))
        (if (local.get $logged)
          (then
            (f64.store offset=0 (local.get $log) (f64.load offset=8 (local.get $out)))
            (f64.store offset=8 (local.get $log) (f64.load offset=16 (local.get $out)))
            (local.set $log (i32.add (local.get $log) (i32.const 16)))
            ;; x - x is 0 for a finite x, NaN for an infinity or NaN.
            (br_if $stop (f64.ne (f64.const 0) (f64.sub
              (f64.load offset=8 (local.get $out)) (f64.load offset=8 (local.get $out)))))))
        (local.set $finite (i32.const 1))
        (local.set $at (local.get $wf))
        (local.set $sum (local.get $sums))
        (block $stepped
          (loop $step
            (br_if $stepped (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $p (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $at)))
              (f64.mul (local.get $s) (f64.load (local.get $sum))))))
            (f32.store (local.get $at) (local.get $p))
            (local.set $finite (i32.and (local.get $finite)
              (f32.eq (f32.const 0) (f32.sub (local.get $p) (local.get $p)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (local.set $sum (i32.add (local.get $sum) (i32.const 8)))
            (br $step)))
        (local.set $p (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $b)))
          (f64.mul (local.get $s) (f64.load offset=0 (local.get $out))))))
        (f32.store (local.get $b) (local.get $p))
        (br_if $stop (i32.eqz (i32.and (local.get $finite)
          (f32.eq (f32.const 0) (f32.sub (local.get $p) (local.get $p))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $epochs)))
    (local.get $k))

  ;; The lab's one-output model's pass over $n rows in float64, the plain
  ;; JavaScript loop's numbers to the bit (src/engine/batch-gradient.ts and
  ;; tests/engine/plain-batch-gradient.ts): row k of the pass is row
  ;; order[k] (u32 row numbers at $order) of the float32 rows at $x (cols
  ;; values a row) and labels at $y, or row k itself when $order is 0; its
  ;; sample weight s_k is the float32 weights[k] at $weights (1 when
  ;; $weights is 0), one a row of the pass, in the pass's order. Under the
  ;; weights (cols float64 at $w) and $bias, and the "lab" loss when $lab
  ;; (else "bce"), $mode says what it adds up:
  ;;   1: the gradient sums Σ_k s_k·g_k·[x_k, 1] into the cols + 1 float64
  ;;      at $sums ([w, b], added to what is there), g_k the slope
  ;;      (the labSlope of z, or the bceSlope of the
  ;;      float32 h);
  ;;   2: the cost Σ_k s_k·cost_k (labCost of z, bceCost of h) and the rows
  ;;      whose label (h >= 0.5) is y, added to the two float64 at $out.
  ;; So a pass of many calls sums its rows one after another, as one call.
  ;;
  ;; Each row's numbers are logistic.ts's, operation for operation: z = b +
  ;; Σ_j x_j·w_j term by term ($logits), h = fround(1/(1 + e^-z)) with
  ;; exp-log.ts's exp ($exp), the "bce" cost's ln exp-log.ts's ($log), the
  ;; "lab" cost's softplus Math.log1p of Math.exp (imported); each sum over
  ;; rows takes them one after another ($softmax_sums with one class).
  ;;
  ;; Blocks of up to 64 rows: their logits two rows a vector, their e^-z
  ;; two a vector ($exp_x2: $exp lane by lane, the same bits), then a row
  ;; at a time the slope and cost, then the block's gradient sums. An odd
  ;; block's last pair has whatever follows the block in its second lane,
  ;; which nothing keeps. With $order, a block's rows and labels are first
  ;; gathered into the scratch, a row 16 bytes a vector (a loop, not
  ;; memory.copy, whose call cost a fifth of a 64-row batch of 8 columns),
  ;; which reads up to 12 bytes past a row: the rows are then the ones the
  ;; caller holds, which have their labels after them. $scratch holds 64
  ;; float64 logits, 64 float64 slopes, 65 rows of cols float32 and 16
  ;; bytes (a copy spills into them), and 64 float32 labels.
  (func (export "sigmoid")
    (param $x i32) (param $y i32) (param $order i32) (param $weights i32) (param $n i32)
    (param $cols i32) (param $w i32) (param $bias f64) (param $lab i32) (param $mode i32)
    (param $scratch i32) (param $sums i32) (param $out i32)
    (local $row i32) (local $gs i32) (local $xb i32) (local $yb i32) (local $start i32) (local $count i32)
    (local $r i32) (local $i i32) (local $bx i32) (local $by i32) (local $src i32) (local $dst i32) (local $stop i32) (local $off i32) (local $pend i32)
    (local $zk f64) (local $yk f64) (local $sk f64) (local $e f64) (local $hk f64) (local $gk f64) (local $s f64)
    (local $t f64) (local $c f64) (local $cost f64) (local $correct f64)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $gs (i32.add (local.get $scratch) (i32.const 512)))
    (local.set $xb (i32.add (local.get $scratch) (i32.const 1024)))
    ;; the labels after the 65 rows and the up to 12 bytes the last one's copy spills
    (local.set $yb (i32.add (local.get $xb) (i32.add (i32.mul (local.get $row) (i32.const 65)) (i32.const 16))))
    (local.set $cost (f64.load offset=0 (local.get $out)))
    (local.set $correct (f64.load offset=8 (local.get $out)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $n)))
        (local.set $count (select
          (i32.const 64)
          (i32.sub (local.get $n) (local.get $start))
          (i32.ge_u (i32.sub (local.get $n) (local.get $start)) (i32.const 64))))
        (if (local.get $order)
          (then
            (local.set $r (i32.const 0))
            (block $gathered
              (loop $gather
                (br_if $gathered (i32.ge_u (local.get $r) (local.get $count)))
                (local.set $i (i32.load (i32.add (local.get $order)
                  (i32.shl (i32.add (local.get $start) (local.get $r)) (i32.const 2)))))
                ;; the row, 16 bytes a vector (what runs past it lands in
                ;; the next row's place, or the spare 65th)
                (local.set $src (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $row))))
                (local.set $dst (i32.add (local.get $xb) (i32.mul (local.get $r) (local.get $row))))
                (local.set $stop (i32.add (local.get $src) (local.get $row)))
                (block $copied
                  (loop $copy
                    (br_if $copied (i32.ge_u (local.get $src) (local.get $stop)))
                    (v128.store (local.get $dst) (v128.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $copy)))
                (f32.store (i32.add (local.get $yb) (i32.shl (local.get $r) (i32.const 2)))
                  (f32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $gather)))
            (local.set $bx (local.get $xb))
            (local.set $by (local.get $yb)))
          (else
            (local.set $bx (i32.add (local.get $x) (i32.mul (local.get $start) (local.get $row))))
            (local.set $by (i32.add (local.get $y) (i32.shl (local.get $start) (i32.const 2))))))
        (call $logits (local.get $bx) (i32.shr_u (i32.add (local.get $count) (i32.const 1)) (i32.const 1))
          (local.get $cols) (local.get $w) (local.get $bias) (local.get $scratch))
        ;; e^-z of each row, two a vector, where the slopes go next
        (local.set $off (i32.const 0))
        (local.set $pend (i32.shl (i32.shr_u (i32.add (local.get $count) (i32.const 1)) (i32.const 1)) (i32.const 4)))
        (block $exps_done
          (loop $exps
            (br_if $exps_done (i32.ge_u (local.get $off) (local.get $pend)))
            (v128.store (i32.add (local.get $gs) (local.get $off))
              (call $exp_x2 (f64x2.neg (v128.load (i32.add (local.get $scratch) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $exps)))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $count)))
            (local.set $zk (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $yk (f64.promote_f32 (f32.load (i32.add (local.get $by) (i32.shl (local.get $r) (i32.const 2))))))
            (if (local.get $weights)
              (then (local.set $sk (f64.promote_f32 (f32.load (i32.add (local.get $weights)
                (i32.shl (i32.add (local.get $start) (local.get $r)) (i32.const 2))))))))
            (local.set $e (f64.load (i32.add (local.get $gs) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $hk (f64.promote_f32 (f32.demote_f64
              (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e))))))
            (if (i32.and (local.get $mode) (i32.const 1))
              (then
                (if (local.get $lab)
                  (then
                    ;; labSlope: 1/(1 + e^-z) − y
                    (local.set $gk (f64.sub
                      (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e)))
                      (local.get $yk))))
                  (else
                    ;; bceSlope: h − y, or (h − y)·s/1e-12 where s = h(1 − h) < 1e-12
                    (local.set $s (f64.mul (local.get $hk) (f64.sub (f64.const 1) (local.get $hk))))
                    (local.set $gk (f64.sub (local.get $hk) (local.get $yk)))
                    (if (i32.eqz (f64.ge (local.get $s) (f64.const 0x1.19799812dea11p-40)))
                      (then (local.set $gk (f64.div
                        (f64.mul (local.get $gk) (local.get $s))
                        (f64.const 0x1.19799812dea11p-40)))))))
                (if (local.get $weights)
                  (then (local.set $gk (f64.mul (local.get $gk) (local.get $sk)))))
                (f64.store (i32.add (local.get $gs) (i32.shl (local.get $r) (i32.const 3))) (local.get $gk))))
            (if (i32.and (local.get $mode) (i32.const 2))
              (then
                (if (local.get $lab)
                  (then
                    ;; labCost: softplus(t) = max(t, 0) + log1p(e^-|t|), t = (1 − 2y)·z
                    (local.set $t (f64.mul
                      (f64.sub (f64.const 1) (f64.mul (f64.const 2) (local.get $yk)))
                      (local.get $zk)))
                    (local.set $c (f64.add
                      (f64.max (local.get $t) (f64.const 0))
                      (call $math_log1p (call $math_exp (f64.neg (f64.abs (local.get $t))))))))
                  (else
                    ;; bceCost: −max(ln(y·h + (1 − y)·(1 − h)), −100)
                    (local.set $c (f64.neg (f64.max
                      (call $log (f64.add
                        (f64.mul (local.get $yk) (local.get $hk))
                        (f64.mul (f64.sub (f64.const 1) (local.get $yk)) (f64.sub (f64.const 1) (local.get $hk)))))
                      (f64.const -100))))))
                (if (local.get $weights)
                  (then (local.set $c (f64.mul (local.get $c) (local.get $sk)))))
                (local.set $cost (f64.add (local.get $cost) (local.get $c)))
                ;; labelOf(h) === y
                (local.set $correct (f64.add (local.get $correct) (f64.convert_i32_u (f64.eq
                  (f64.convert_i32_u (f64.ge (local.get $hk) (f64.const 0.5)))
                  (local.get $yk)))))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (if (i32.and (local.get $mode) (i32.const 1))
          (then (call $softmax_sums (local.get $bx) (local.get $count) (local.get $cols) (i32.const 1)
            (local.get $gs) (local.get $sums))))
        (local.set $start (i32.add (local.get $start) (i32.const 64)))
        (br $block)))
    (f64.store offset=0 (local.get $out) (local.get $cost))
    (f64.store offset=8 (local.get $out) (local.get $correct)))

  ;; Softmax regression's pass over the rows $start..$end − 1 (rows
  ;; order[$start..$end) when $order is not 0: u32 row numbers), float32 at
  ;; $x, cols values a row, labels 0..K−1 as float32 at $y, under the K × cols
  ;; weights (float64 at $w, row-major) and the K biases (float64 at $b):
  ;; src/engine/softmax.ts's numbers to the bit. $mode says what it adds up
  ;; or writes:
  ;;   1: the gradient sums Σ_i s_i·(p_ik − [y_i = k])·[x_i, 1], into the
  ;;      K·cols + K float64 at $sums ([W, b], added to what is there);
  ;;   2: the cost Σ_i s_i·(m_i − z_i,y_i + ln Σ_k e^(z_ik − m_i)) and the
  ;;      rows whose arg-max class is the label, added to the two float64 at
  ;;      $out; s_i is row i's float32 weight at $weights (1 when $weights
  ;;      is 0);
  ;;   4: as 2, and each row's arg-max class as u32 at $labels;
  ;;   8: each row's K probabilities fround(e^(z_k − m)/Σ) as float32 at $p
  ;;      (row-major); $y is not read unless 1, 2 or 4 is set.
  ;; $labels and $p are indexed from the pass's first row.
  ;;
  ;; Each row's numbers are the plain loop's, operation for operation and in
  ;; its order: z_k = b_k + Σ_j x_j·W_kj term by term ($logits), m = max_k z_k
  ;; from z_0 (`if (z_k > m) m = z_k`), e_k = e^(z_k − m), s = Σ_k e_k in
  ;; class order, p_k = e_k / s, the arg-max of the float32 p_k (the lowest
  ;; on a tie), g_k = (p_k − [k = y])·s_i, and the cost m − z_y + ln s (times
  ;; s_i); the exp and log are JavaScript's own (Math.exp, Math.log), since
  ;; exp-log.ts's differ from them in the last bit on some arguments. Sums
  ;; over rows (the cost, the gradient's) take the rows one after another.
  ;;
  ;; Blocks of up to 64 rows, two rows a vector: each class's logits for the
  ;; block, then class by class over the row pairs the max, the exps and
  ;; their sum, p_k with the arg-max and the probabilities or the slopes
  ;; (in place of the logits); then, a row at a time, the cost (ln is one
  ;; call a row), the rows right and the labels; then the block's gradient
  ;; sums ($softmax_sums). An odd block's last pair has a row after the
  ;; block in its second lane, which nothing keeps. With $order, a block's
  ;; rows, labels and weights are first gathered into the scratch.
  ;; $scratch holds K·64 float64 (the block's logits, class by class), five
  ;; arrays of 64 float64 (each row's m, s, z_y, arg-max and its float32
  ;; p), 65 rows of cols float32, 64 float32 labels and 64 float32 weights.
  (func (export "softmax")
    (param $x i32) (param $y i32) (param $order i32) (param $start i32) (param $end i32)
    (param $cols i32) (param $classes i32) (param $w i32) (param $b i32) (param $weights i32)
    (param $mode i32) (param $scratch i32) (param $sums i32) (param $out i32) (param $labels i32) (param $p i32)
    (local $row i32) (local $xb i32) (local $yb i32) (local $sb i32) (local $first i32) (local $rv i32)
    (local $n i32) (local $r i32) (local $i i32) (local $k i32) (local $at i32) (local $zk i32) (local $off i32) (local $pend i32)
    (local $bx i32) (local $by i32) (local $bs i32)
    (local $c f64) (local $cost f64) (local $correct f64)
    (local $zv v128) (local $mv v128) (local $ev v128) (local $pv v128) (local $qv v128) (local $kv v128) (local $take v128) (local $gv v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    ;; the per-row arrays: m at $rv, s at +512, z_y at +1024, the arg-max at
    ;; +1536, its float32 p at +2048
    (local.set $rv (i32.add (local.get $scratch) (i32.shl (local.get $classes) (i32.const 9))))
    (local.set $xb (i32.add (local.get $rv) (i32.const 2560)))
    (local.set $yb (i32.add (local.get $xb) (i32.mul (local.get $row) (i32.const 65))))
    (local.set $sb (i32.add (local.get $yb) (i32.const 256)))
    (local.set $first (local.get $start))
    (local.set $cost (f64.load offset=0 (local.get $out)))
    (local.set $correct (f64.load offset=8 (local.get $out)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $end)))
        (local.set $n (select
          (i32.const 64)
          (i32.sub (local.get $end) (local.get $start))
          (i32.ge_u (i32.sub (local.get $end) (local.get $start)) (i32.const 64))))
        (local.set $pend (i32.shl (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1)) (i32.const 4)))
        (if (local.get $order)
          (then
            (local.set $r (i32.const 0))
            (block $gathered
              (loop $gather
                (br_if $gathered (i32.ge_u (local.get $r) (local.get $n)))
                (local.set $i (i32.load (i32.add (local.get $order)
                  (i32.shl (i32.add (local.get $start) (local.get $r)) (i32.const 2)))))
                (memory.copy
                  (i32.add (local.get $xb) (i32.mul (local.get $r) (local.get $row)))
                  (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $row)))
                  (local.get $row))
                (f32.store (i32.add (local.get $yb) (i32.shl (local.get $r) (i32.const 2)))
                  (f32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))))
                (if (local.get $weights)
                  (then (f32.store (i32.add (local.get $sb) (i32.shl (local.get $r) (i32.const 2)))
                    (f32.load (i32.add (local.get $weights) (i32.shl (local.get $i) (i32.const 2)))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $gather)))
            (local.set $bx (local.get $xb))
            (local.set $by (local.get $yb))
            (local.set $bs (select (local.get $sb) (i32.const 0) (local.get $weights))))
          (else
            (local.set $bx (i32.add (local.get $x) (i32.mul (local.get $start) (local.get $row))))
            (local.set $by (i32.add (local.get $y) (i32.shl (local.get $start) (i32.const 2))))
            (local.set $bs (select
              (i32.add (local.get $weights) (i32.shl (local.get $start) (i32.const 2)))
              (i32.const 0)
              (local.get $weights)))))
        ;; Each class's logits for the block, z_k = b_k + Σ_j x_j·W_kj.
        (local.set $k (i32.const 0))
        (block $logits_done
          (loop $class
            (br_if $logits_done (i32.ge_u (local.get $k) (local.get $classes)))
            (call $logits (local.get $bx) (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1))
              (local.get $cols)
              (i32.add (local.get $w) (i32.shl (i32.mul (local.get $k) (local.get $cols)) (i32.const 3)))
              (f64.load (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3))))
              (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 9))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $class)))
        ;; m = z_0, then m = z_k where z_k > m, class by class; s = 0.
        (local.set $off (i32.const 0))
        (block $m0_done
          (loop $m0
            (br_if $m0_done (i32.ge_u (local.get $off) (local.get $pend)))
            (v128.store (i32.add (local.get $rv) (local.get $off))
              (v128.load (i32.add (local.get $scratch) (local.get $off))))
            (v128.store offset=512 (i32.add (local.get $rv) (local.get $off)) (v128.const i64x2 0 0))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $m0)))
        (local.set $k (i32.const 1))
        (block $max_done
          (loop $max
            (br_if $max_done (i32.ge_u (local.get $k) (local.get $classes)))
            (local.set $zk (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 9))))
            (local.set $off (i32.const 0))
            (block $pairs_done
              (loop $pair
                (br_if $pairs_done (i32.ge_u (local.get $off) (local.get $pend)))
                (local.set $zv (v128.load (i32.add (local.get $zk) (local.get $off))))
                (local.set $mv (v128.load (i32.add (local.get $rv) (local.get $off))))
                (v128.store (i32.add (local.get $rv) (local.get $off))
                  (v128.bitselect (local.get $zv) (local.get $mv) (f64x2.gt (local.get $zv) (local.get $mv))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $pair)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $max)))
        ;; z_y of each row, before the exps take the logits' place
        (if (i32.and (local.get $mode) (i32.const 7))
          (then
            (local.set $r (i32.const 0))
            (block $zy_done
              (loop $zy
                (br_if $zy_done (i32.ge_u (local.get $r) (local.get $n)))
                (f64.store offset=1024 (i32.add (local.get $rv) (i32.shl (local.get $r) (i32.const 3)))
                  (f64.load (i32.add
                    (i32.add (local.get $scratch) (i32.shl (local.get $r) (i32.const 3)))
                    (i32.shl
                      (i32.trunc_sat_f32_u (f32.load (i32.add (local.get $by) (i32.shl (local.get $r) (i32.const 2)))))
                      (i32.const 9)))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $zy)))))
        ;; e_k = e^(z_k − m) in place of z_k, s += e_k, class by class
        (local.set $k (i32.const 0))
        (block $exps_done
          (loop $exps
            (br_if $exps_done (i32.ge_u (local.get $k) (local.get $classes)))
            (local.set $zk (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 9))))
            (local.set $off (i32.const 0))
            (block $pairs_done
              (loop $pair
                (br_if $pairs_done (i32.ge_u (local.get $off) (local.get $pend)))
                (local.set $at (i32.add (local.get $zk) (local.get $off)))
                (local.set $zv (f64x2.sub (v128.load (local.get $at)) (v128.load (i32.add (local.get $rv) (local.get $off)))))
                (local.set $ev (f64x2.replace_lane 1
                  (f64x2.splat (call $math_exp (f64x2.extract_lane 0 (local.get $zv))))
                  (call $math_exp (f64x2.extract_lane 1 (local.get $zv)))))
                (v128.store (local.get $at) (local.get $ev))
                (local.set $at (i32.add (local.get $rv) (local.get $off)))
                (v128.store offset=512 (local.get $at) (f64x2.add (v128.load offset=512 (local.get $at)) (local.get $ev)))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $pair)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $exps)))
        ;; p_k = e_k / s, class by class: the arg-max so far (class 0, then
        ;; a class whose float32 p is over the best's), the probabilities,
        ;; and the slopes g_k = (p_k − [k = y])·s_i in place of e_k
        (local.set $k (i32.const 0))
        (block $ps_done
          (loop $ps
            (br_if $ps_done (i32.ge_u (local.get $k) (local.get $classes)))
            (local.set $zk (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 9))))
            (local.set $kv (f64x2.splat (f64.convert_i32_u (local.get $k))))
            (local.set $off (i32.const 0))
            (block $pairs_done
              (loop $pair
                (br_if $pairs_done (i32.ge_u (local.get $off) (local.get $pend)))
                (local.set $at (i32.add (local.get $rv) (local.get $off)))
                (local.set $pv (f64x2.div (v128.load (i32.add (local.get $zk) (local.get $off))) (v128.load offset=512 (local.get $at))))
                (local.set $qv (f32x4.demote_f64x2_zero (local.get $pv)))
                (if (i32.and (local.get $mode) (i32.const 6))
                  (then
                    (local.set $gv (f64x2.promote_low_f32x4 (local.get $qv)))
                    (local.set $take (f64x2.gt (local.get $gv) (v128.load offset=2048 (local.get $at))))
                    (if (i32.eqz (local.get $k)) (then (local.set $take (v128.const i64x2 -1 -1))))
                    (v128.store offset=1536 (local.get $at)
                      (v128.bitselect (local.get $kv) (v128.load offset=1536 (local.get $at)) (local.get $take)))
                    (v128.store offset=2048 (local.get $at)
                      (v128.bitselect (local.get $gv) (v128.load offset=2048 (local.get $at)) (local.get $take)))))
                (if (i32.and (local.get $mode) (i32.const 8))
                  (then
                    ;; row r = off/16·2 of the block is row start + r − first of $p
                    (local.set $r (i32.shr_u (local.get $off) (i32.const 3)))
                    (local.set $i (i32.add (local.get $p) (i32.shl
                      (i32.add (i32.mul (i32.sub (i32.add (local.get $start) (local.get $r)) (local.get $first)) (local.get $classes))
                        (local.get $k))
                      (i32.const 2))))
                    (v128.store32_lane 0 (local.get $i) (local.get $qv))
                    (if (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $n))
                      (then (v128.store32_lane 1
                        (i32.add (local.get $i) (i32.shl (local.get $classes) (i32.const 2)))
                        (local.get $qv))))))
                (if (i32.and (local.get $mode) (i32.const 1))
                  (then
                    (local.set $r (i32.shr_u (local.get $off) (i32.const 3)))
                    (local.set $gv (f64x2.sub (local.get $pv) (v128.bitselect
                      (f64x2.splat (f64.const 1))
                      (f64x2.splat (f64.const 0))
                      (f64x2.eq (local.get $kv) (f64x2.promote_low_f32x4
                        (v128.load64_zero (i32.add (local.get $by) (i32.shl (local.get $r) (i32.const 2)))))))))
                    (if (local.get $bs)
                      (then (local.set $gv (f64x2.mul (local.get $gv) (f64x2.promote_low_f32x4
                        (v128.load64_zero (i32.add (local.get $bs) (i32.shl (local.get $r) (i32.const 2)))))))))
                    (v128.store (i32.add (local.get $zk) (local.get $off)) (local.get $gv))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $pair)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $ps)))
        ;; Row by row: the cost −log p_y = m − z_y + ln s (times s_i), the
        ;; rows right and the labels.
        (if (i32.and (local.get $mode) (i32.const 6))
          (then
            (local.set $r (i32.const 0))
            (block $costs_done
              (loop $costs
                (br_if $costs_done (i32.ge_u (local.get $r) (local.get $n)))
                (local.set $at (i32.add (local.get $rv) (i32.shl (local.get $r) (i32.const 3))))
                (local.set $c (f64.add
                  (f64.sub (f64.load (local.get $at)) (f64.load offset=1024 (local.get $at)))
                  (call $math_log (f64.load offset=512 (local.get $at)))))
                (if (local.get $bs)
                  (then (local.set $c (f64.mul (local.get $c)
                    (f64.promote_f32 (f32.load (i32.add (local.get $bs) (i32.shl (local.get $r) (i32.const 2)))))))))
                (local.set $cost (f64.add (local.get $cost) (local.get $c)))
                (local.set $correct (f64.add (local.get $correct) (f64.convert_i32_u (f64.eq
                  (f64.load offset=1536 (local.get $at))
                  (f64.promote_f32 (f32.load (i32.add (local.get $by) (i32.shl (local.get $r) (i32.const 2)))))))))
                (if (i32.and (local.get $mode) (i32.const 4))
                  (then (i32.store
                    (i32.add (local.get $labels)
                      (i32.shl (i32.sub (i32.add (local.get $start) (local.get $r)) (local.get $first)) (i32.const 2)))
                    (i32.trunc_sat_f64_u (f64.load offset=1536 (local.get $at))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $costs)))))
        (if (i32.and (local.get $mode) (i32.const 1))
          (then (call $softmax_sums (local.get $bx) (local.get $n) (local.get $cols) (local.get $classes)
            (local.get $scratch) (local.get $sums))))
        (local.set $start (i32.add (local.get $start) (i32.const 64)))
        (br $block)))
    (f64.store offset=0 (local.get $out) (local.get $cost))
    (f64.store offset=8 (local.get $out) (local.get $correct)))

  ;; sums[k][j] += Σ_r g[k][r]·x[r][j] and sums[K·cols + k] += Σ_r g[k][r]
  ;; over the $n rows of a block (float32 at $x, cols values a row; the
  ;; slopes float64 at $g + 512·k + 8·r), each sum taking the rows one after
  ;; another in float64 as softmax.ts's loop does: the columns go two to a
  ;; vector, eight at a time so four sums are in flight, then two, then an
  ;; odd last one alone.
  (func $softmax_sums
    (param $x i32) (param $n i32) (param $cols i32) (param $classes i32) (param $g i32) (param $sums i32)
    (local $row i32) (local $k i32) (local $j i32) (local $gk i32) (local $sk i32) (local $xr i32) (local $gp i32) (local $gend i32)
    (local $gv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a f64)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (block $classes_done
      (loop $class
        (br_if $classes_done (i32.ge_u (local.get $k) (local.get $classes)))
        (local.set $gk (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 9))))
        (local.set $gend (i32.add (local.get $gk) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $sk (i32.add (local.get $sums) (i32.shl (i32.mul (local.get $k) (local.get $cols)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $eights_done
          (loop $eights
            (br_if $eights_done (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $cols)))
            (local.set $a0 (v128.load offset=0 (local.get $sk)))
            (local.set $a1 (v128.load offset=16 (local.get $sk)))
            (local.set $a2 (v128.load offset=32 (local.get $sk)))
            (local.set $a3 (v128.load offset=48 (local.get $sk)))
            (local.set $xr (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $gp (local.get $gk))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $gp) (local.get $gend)))
                (local.set $gv (v128.load64_splat (local.get $gp)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $gv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $xr))))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $gv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $xr))))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $gv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $xr))))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $gv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $xr))))))
                (local.set $xr (i32.add (local.get $xr) (local.get $row)))
                (local.set $gp (i32.add (local.get $gp) (i32.const 8)))
                (br $rows)))
            (v128.store offset=0 (local.get $sk) (local.get $a0))
            (v128.store offset=16 (local.get $sk) (local.get $a1))
            (v128.store offset=32 (local.get $sk) (local.get $a2))
            (v128.store offset=48 (local.get $sk) (local.get $a3))
            (local.set $sk (i32.add (local.get $sk) (i32.const 64)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $eights)))
        (block $twos_done
          (loop $twos
            (br_if $twos_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $cols)))
            (local.set $a0 (v128.load (local.get $sk)))
            (local.set $xr (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $gp (local.get $gk))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $gp) (local.get $gend)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load64_splat (local.get $gp))
                  (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $xr))))))
                (local.set $xr (i32.add (local.get $xr) (local.get $row)))
                (local.set $gp (i32.add (local.get $gp) (i32.const 8)))
                (br $rows)))
            (v128.store (local.get $sk) (local.get $a0))
            (local.set $sk (i32.add (local.get $sk) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $twos)))
        (if (i32.lt_u (local.get $j) (local.get $cols))
          (then
            (local.set $a (f64.load (local.get $sk)))
            (local.set $xr (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $gp (local.get $gk))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $gp) (local.get $gend)))
                (local.set $a (f64.add (local.get $a) (f64.mul (f64.load (local.get $gp))
                  (f64.promote_f32 (f32.load (local.get $xr))))))
                (local.set $xr (i32.add (local.get $xr) (local.get $row)))
                (local.set $gp (i32.add (local.get $gp) (i32.const 8)))
                (br $rows)))
            (f64.store (local.get $sk) (local.get $a))))
        ;; the bias's sum, K·cols + k
        (local.set $sk (i32.add (local.get $sums) (i32.shl
          (i32.add (i32.mul (local.get $classes) (local.get $cols)) (local.get $k)) (i32.const 3))))
        (local.set $a (f64.load (local.get $sk)))
        (local.set $gp (local.get $gk))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $gp) (local.get $gend)))
            (local.set $a (f64.add (local.get $a) (f64.load (local.get $gp))))
            (local.set $gp (i32.add (local.get $gp) (i32.const 8)))
            (br $rows)))
        (f64.store (local.get $sk) (local.get $a))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $class))))

  ;; h = fround(1/(1 + e^-z)) of each of $rows rows (float32 at $x, cols
  ;; values a row), as float32 into $h: the probabilities of
  ;; src/engine/evaluate.ts's sigmoidProbabilities, to the bit. Blocks of
  ;; 256 rows: their logits into the float64 scratch at $z, then their
  ;; probabilities two at a time. An odd last row is worked out beside
  ;; whatever follows it in memory, and only its own h is kept.
  (func (export "probabilities")
    (param $x i32) (param $rows i32) (param $cols i32) (param $w i32) (param $bias f64) (param $z i32) (param $h i32)
    (local $start i32) (local $n i32) (local $p i32) (local $end i32) (local $v v128)
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $rows)))
        (local.set $n (select
          (i32.const 256)
          (i32.sub (local.get $rows) (local.get $start))
          (i32.ge_u (i32.sub (local.get $rows) (local.get $start)) (i32.const 256))))
        (call $logits
          (i32.add (local.get $x) (i32.shl (i32.mul (local.get $start) (local.get $cols)) (i32.const 2)))
          (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1))
          (local.get $cols) (local.get $w) (local.get $bias) (local.get $z))
        (local.set $p (local.get $z))
        (local.set $end (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
            (v128.store64_lane 0 (local.get $h) (f32x4.demote_f64x2_zero
              (f64x2.div (f64x2.splat (f64.const 1))
                (f64x2.add (f64x2.splat (f64.const 1)) (call $exp_x2 (f64x2.neg (v128.load (local.get $p))))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $h (i32.add (local.get $h) (i32.const 8)))
            (br $pair)))
        (if (i32.and (local.get $n) (i32.const 1))
          (then
            (f32.store (local.get $h) (f32.demote_f64
              (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (f64.load (local.get $p))))))))
            (local.set $h (i32.add (local.get $h) (i32.const 4)))))
        (local.set $start (i32.add (local.get $start) (i32.const 256)))
        (br $block))))
  ;; What the end of a training adds up over $n rows for its warnings
  ;; (src/engine/training-end-sums.ts's addTrainingEnd), the JavaScript
  ;; loop's numbers to the bit: float64, its operations in its order, and
  ;; JavaScript's own Math.log. Rows float32 at $x (cols values a row),
  ;; labels float32 at $y (0/1 for one output, 0..K−1 for K), the rows'
  ;; probabilities float32 at $p (one a row for $k = 1, else K a row), sample
  ;; weights float32 at $s (1 when $s is 0). For each row, with h its
  ;; probability of class 1 (one output) and r its residual (h − y; with K
  ;; outputs p_k − [k = y] for each k):
  ;;   own = h or 1 − h (p_y with K), ln own by Math.log;
  ;;   the count of rows with ln own ≤ −100 += 1 (float64 at $out + 8);
  ;;   cost += s·min(−ln own, 100) (float64 at $out);
  ;;   the row's class count += 1 (float64 at $counts, indexed by y);
  ;;   min[j] = v where v < min[j], max[j] = v where v > max[j] (float64 at
  ;;   $min and $max, cols each; v the float64 of x_j);
  ;;   sums[k·cols + j] += (s·r_k)·x_j, then sums[K·cols + k] += s·r_k
  ;;   (float64 at $sums, K·cols + K of them).
  ;; Two columns a vector: each lane does what the loop does for its column,
  ;; so the sums are the loop's, row after row.
  (func (export "trainingEnd")
    (param $x i32) (param $y i32) (param $n i32) (param $cols i32) (param $k i32)
    (param $p i32) (param $s i32) (param $sums i32) (param $min i32) (param $max i32)
    (param $counts i32) (param $out i32)
    (local $i i32) (local $row i32) (local $pairs i32) (local $label i32) (local $c i32)
    (local $lab f64) (local $sw f64) (local $h f64) (local $own f64) (local $log f64) (local $r f64)
    (local $cost f64) (local $saturated f64) (local $j i32) (local $at i32) (local $v v128) (local $m v128)
    (local $first v128) (local $xj f64) (local $biases i32)
    (local.set $cost (f64.load offset=0 (local.get $out)))
    (local.set $saturated (f64.load offset=8 (local.get $out)))
    (local.set $pairs (i32.shr_u (local.get $cols) (i32.const 1)))
    (local.set $biases (i32.add (local.get $sums)
      (i32.shl (i32.mul (local.get $k) (local.get $cols)) (i32.const 3))))
    (local.set $sw (f64.const 1))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $lab (f64.promote_f32 (f32.load (local.get $y))))
        (local.set $label (i32.trunc_f64_u (local.get $lab)))
        (if (local.get $s)
          (then (local.set $sw (f64.promote_f32 (f32.load
            (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2))))))))
        (if (i32.eq (local.get $k) (i32.const 1))
          (then
            (local.set $h (f64.promote_f32 (f32.load (local.get $p))))
            (local.set $own (select
              (local.get $h)
              (f64.sub (f64.const 1) (local.get $h))
              (f64.eq (local.get $lab) (f64.const 1))))
            (local.set $r (f64.sub (local.get $h) (local.get $lab))))
          (else
            (local.set $own (f64.promote_f32 (f32.load
              (i32.add (local.get $p) (i32.shl (local.get $label) (i32.const 2))))))
            (local.set $r (f64.sub
              (f64.promote_f32 (f32.load (local.get $p)))
              (select (f64.const 1) (f64.const 0) (i32.eqz (local.get $label)))))))
        (local.set $log (call $math_log (local.get $own)))
        (if (f64.le (local.get $log) (f64.const -100))
          (then (local.set $saturated (f64.add (local.get $saturated) (f64.const 1)))))
        (local.set $cost (f64.add (local.get $cost) (f64.mul (local.get $sw)
          (f64.min (f64.neg (local.get $log)) (f64.const 100)))))
        (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $label) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))
        ;; The ranges and the first output's sums in one sweep of the row.
        (local.set $r (f64.mul (local.get $sw) (local.get $r)))
        (local.set $first (f64x2.splat (local.get $r)))
        (local.set $j (i32.const 0))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $j) (local.get $pairs)))
            (local.set $at (i32.shl (local.get $j) (i32.const 4)))
            (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero
              (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $m (v128.load (i32.add (local.get $min) (local.get $at))))
            (v128.store (i32.add (local.get $min) (local.get $at))
              (v128.bitselect (local.get $v) (local.get $m) (f64x2.lt (local.get $v) (local.get $m))))
            (local.set $m (v128.load (i32.add (local.get $max) (local.get $at))))
            (v128.store (i32.add (local.get $max) (local.get $at))
              (v128.bitselect (local.get $v) (local.get $m) (f64x2.gt (local.get $v) (local.get $m))))
            (v128.store (i32.add (local.get $sums) (local.get $at)) (f64x2.add
              (v128.load (i32.add (local.get $sums) (local.get $at)))
              (f64x2.mul (local.get $first) (local.get $v))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $pair)))
        (if (i32.and (local.get $cols) (i32.const 1))
          (then
            (local.set $at (i32.shl (i32.sub (local.get $cols) (i32.const 1)) (i32.const 3)))
            (local.set $xj (f64.promote_f32 (f32.load
              (i32.add (local.get $x) (i32.shr_u (local.get $at) (i32.const 1))))))
            (if (f64.lt (local.get $xj) (f64.load (i32.add (local.get $min) (local.get $at))))
              (then (f64.store (i32.add (local.get $min) (local.get $at)) (local.get $xj))))
            (if (f64.gt (local.get $xj) (f64.load (i32.add (local.get $max) (local.get $at))))
              (then (f64.store (i32.add (local.get $max) (local.get $at)) (local.get $xj))))
            (f64.store (i32.add (local.get $sums) (local.get $at)) (f64.add
              (f64.load (i32.add (local.get $sums) (local.get $at)))
              (f64.mul (local.get $r) (local.get $xj))))))
        (f64.store (local.get $biases) (f64.add (f64.load (local.get $biases)) (local.get $r)))
        ;; With K outputs, the other outputs' sums.
        (local.set $c (i32.const 1))
        (block $classes_done
          (loop $class
            (br_if $classes_done (i32.ge_u (local.get $c) (local.get $k)))
            (local.set $r (f64.mul (local.get $sw) (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.shl (local.get $c) (i32.const 2)))))
              (select (f64.const 1) (f64.const 0) (i32.eq (local.get $c) (local.get $label))))))
            (local.set $first (f64x2.splat (local.get $r)))
            (local.set $row (i32.add (local.get $sums)
              (i32.shl (i32.mul (local.get $c) (local.get $cols)) (i32.const 3))))
            (local.set $j (i32.const 0))
            (block $sums_done
              (loop $sum
                (br_if $sums_done (i32.ge_u (local.get $j) (local.get $pairs)))
                (local.set $at (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 4))))
                (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at))
                  (f64x2.mul (local.get $first) (f64x2.promote_low_f32x4 (v128.load64_zero
                    (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3))))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $sum)))
            (if (i32.and (local.get $cols) (i32.const 1))
              (then
                (local.set $at (i32.add (local.get $row)
                  (i32.shl (i32.sub (local.get $cols) (i32.const 1)) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                  (f64.mul (local.get $r) (f64.promote_f32 (f32.load (i32.add (local.get $x)
                    (i32.shl (i32.sub (local.get $cols) (i32.const 1)) (i32.const 2))))))))))
            (local.set $at (i32.add (local.get $biases) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $r)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $class)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (f64.store offset=0 (local.get $out) (local.get $cost))
    (f64.store offset=8 (local.get $out) (local.get $saturated)))
)
