;; The multiply-adds of an epoch's pass (src/engine/gradient.ts), in
;; WebAssembly SIMD: each f64x2 vector holds two float64 sums, so one
;; instruction does two of the pass's float64 multiplications or additions.
;;
;; Every sum still adds its terms in the plain loop's order, one rounding per
;; operation and no fused multiply-add, so the results are bit for bit those
;; of `logit` and of the gradient's sums in src/engine/logistic.ts's order:
;; - a logit is bias, then x_ij·w_j for j = 0, 1, ... in turn, and the two
;;   lanes of a vector are two rows (rows 2p and 2p + 1);
;; - a gradient sum is sums_j + g_0·x_0j + g_1·x_1j + ... in row order, and the
;;   two lanes of a vector are two columns (j and j + 1).
;;
;; Memory holds the rows row-major as float32 (cols values per row), an even
;; number of them: the caller appends a row of zeros to an odd count, with
;; g = 0, which adds +0 or -0 to each sum and so changes none. Weights, logits,
;; slopes and sums are float64. Rows go four pairs at a time, which gives the
;; CPU four (logits) or many (sums) independent chains of additions, then a
;; pair at a time; columns go two at a time, then an odd last one alone.
;;
;; Built into epoch-pass.wasm by assemble.mjs (`npm run wasm`), which
;; `npm test` runs with --check to prove the committed binary is this text.
(module
  ;; Grown by the caller to hold its rows and scratch arrays.
  (memory (export "memory") 1)

  ;; z[r] = bias + Σ_j x[r][j]·w[j] for the 2·pairs rows from $x, into the
  ;; float64 array at $z; $w holds the cols weights as float64.
  (func (export "logits")
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

  ;; sums[j] += g[r]·x[r][j] for j < cols, over the 2·pairs rows from $x in
  ;; order, g[r] from the float64 array at $g, sums at $sums (float64).
  (func (export "accumulate")
    (param $x i32) (param $pairs i32) (param $cols i32) (param $g i32) (param $sums i32)
    (local $row i32) (local $half_end i32) (local $sp i32) (local $acc v128) (local $s f64)
    (local $r0 i32) (local $g0 v128) (local $r1 i32) (local $g1 v128) (local $r2 i32) (local $g2 v128) (local $r3 i32) (local $g3 v128) (local $r4 i32) (local $g4 v128) (local $r5 i32) (local $g5 v128) (local $r6 i32) (local $g6 v128) (local $r7 i32) (local $g7 v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $half_end (i32.add (local.get $sums) (i32.shl (i32.shr_u (local.get $cols) (i32.const 1)) (i32.const 4))))
    (block $fours_done
      (loop $fours
        (br_if $fours_done (i32.lt_u (local.get $pairs) (i32.const 4)))
        (local.set $g0 (v128.load64_splat offset=0 (local.get $g)))
        (local.set $g1 (v128.load64_splat offset=8 (local.get $g)))
        (local.set $g2 (v128.load64_splat offset=16 (local.get $g)))
        (local.set $g3 (v128.load64_splat offset=24 (local.get $g)))
        (local.set $g4 (v128.load64_splat offset=32 (local.get $g)))
        (local.set $g5 (v128.load64_splat offset=40 (local.get $g)))
        (local.set $g6 (v128.load64_splat offset=48 (local.get $g)))
        (local.set $g7 (v128.load64_splat offset=56 (local.get $g)))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $r0) (local.get $row)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $row)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $row)))
        (local.set $r4 (i32.add (local.get $r3) (local.get $row)))
        (local.set $r5 (i32.add (local.get $r4) (local.get $row)))
        (local.set $r6 (i32.add (local.get $r5) (local.get $row)))
        (local.set $r7 (i32.add (local.get $r6) (local.get $row)))
        (local.set $sp (local.get $sums))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $sp) (local.get $half_end)))
            (local.set $acc (v128.load (local.get $sp)))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r0))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r1))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r2))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g3) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r3))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g4) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r4))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g5) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r5))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g6) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r6))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $g7) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r7))))))
            (v128.store (local.get $sp) (local.get $acc))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 8)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 8)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 8)))
            (local.set $r4 (i32.add (local.get $r4) (i32.const 8)))
            (local.set $r5 (i32.add (local.get $r5) (i32.const 8)))
            (local.set $r6 (i32.add (local.get $r6) (i32.const 8)))
            (local.set $r7 (i32.add (local.get $r7) (i32.const 8)))
            (br $col)))
        (if (i32.and (local.get $cols) (i32.const 1))
          (then
            (local.set $s (f64.load (local.get $sp)))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g0)) (f64.promote_f32 (f32.load (local.get $r0))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g1)) (f64.promote_f32 (f32.load (local.get $r1))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g2)) (f64.promote_f32 (f32.load (local.get $r2))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g3)) (f64.promote_f32 (f32.load (local.get $r3))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g4)) (f64.promote_f32 (f32.load (local.get $r4))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g5)) (f64.promote_f32 (f32.load (local.get $r5))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g6)) (f64.promote_f32 (f32.load (local.get $r6))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g7)) (f64.promote_f32 (f32.load (local.get $r7))))))
            (f64.store (local.get $sp) (local.get $s))))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 3))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 4)))
        (br $fours)))
    (block $ones_done
      (loop $ones
        (br_if $ones_done (i32.eqz (local.get $pairs)))
        (local.set $g0 (v128.load64_splat (local.get $g)))
        (local.set $g1 (v128.load64_splat offset=8 (local.get $g)))
        (local.set $r0 (local.get $x))
        (local.set $r1 (i32.add (local.get $x) (local.get $row)))
        (local.set $sp (local.get $sums))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $sp) (local.get $half_end)))
            (v128.store (local.get $sp) (f64x2.add
              (f64x2.add (v128.load (local.get $sp)) (f64x2.mul (local.get $g0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r0)))))
              (f64x2.mul (local.get $g1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r1))))))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 8)))
            (br $col)))
        (if (i32.and (local.get $cols) (i32.const 1))
          (then
            (local.set $s (f64.load (local.get $sp)))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g0)) (f64.promote_f32 (f32.load (local.get $r0))))))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64x2.extract_lane 0 (local.get $g1)) (f64.promote_f32 (f32.load (local.get $r1))))))
            (f64.store (local.get $sp) (local.get $s))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $row) (i32.const 1))))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $ones))))
)
