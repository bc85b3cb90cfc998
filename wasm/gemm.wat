;; The f64 matrix products of the training CPU twin in WebAssembly SIMD (f64x2), loaded by
;; src/train/descent/wasm-gemm.ts (which also holds the TypeScript loops they must equal bit for bit; checked by
;; test/train/wasm-gemm.test.ts). Byte addresses throughout.
;;
;;   gemm:     Y[4b + q][a] = Σ_{k < depth} M[k][a] · X_b[k][q]      (b < blocks, q < 4, a < cols)
;;
;; M is depth × cols row-major (cols a multiple of 4), X holds blocks of 4 vectors interleaved by coordinate
;; (X_b[k][q] at ((b·depth + k)·4 + q)), Y is (4·blocks) × cols row-major. Every output is one accumulator summed over
;; k = 0 … depth − 1 in order with a separate multiply and add (WebAssembly has no fused multiply-add), so a result does
;; not depend on the block it was computed in, and equals the scalar loop Σ_k M[k][a]·x[k] bit for bit. With
;; `accumulate` the sums start from the values already in Y. Register block: 4 columns (two f64x2) × 4 vectors = 8
;; accumulators; per k two loads of M and four splats. Loop order: column panels outside, blocks inside, so a panel of
;; M (depth × 4, 8 KB at depth 256) stays in L1 while every block passes it, and M is read once per call.
;;
;;   gemmRuns: for v < 4·blocks, x = the row x + runs[v]·xRow and t = M·x − β (β a row at `beta`): the row
;;             out + runs[v]·outRow becomes t (mode 0) or out − coefs[v]·t (mode 1)
;;
;; the product of M with rows of a run-major array fused with their update: per element t = acc − β, then out − c·t,
;; the operations of the scalar update. `runs` holds 4·blocks i32 run indices, `coefs` 4·blocks f64.
;;
;; Both loops over k run at least once: callers pass depth ≥ 1.

(module
  (memory (export "memory") 1)

  (func (export "gemm")
    (param $m i32) (param $x i32) (param $y i32) (param $depth i32) (param $cols i32) (param $blocks i32)
    (param $accumulate i32)
    (local $b i32) (local $a i32) (local $k i32) (local $mAt i32) (local $xAt i32) (local $row i32) (local $yAt i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local $m0 v128) (local $m1 v128) (local $xs v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $a (i32.const 0))
    (block $done
      (br_if $done (i32.eqz (local.get $blocks)))
      (loop $panels
        (local.set $b (i32.const 0))
        (loop $vectors
          ;; Y rows 4b … 4b + 3, columns a … a + 3: the accumulators start there (accumulate) or at zero.
          (local.set $yAt
            (i32.add
              (i32.add (local.get $y) (i32.mul (i32.shl (local.get $b) (i32.const 2)) (local.get $row)))
              (i32.shl (local.get $a) (i32.const 3))))
          (local.set $acc0
            (select (v128.load align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 0))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc1
            (select (v128.load offset=16 align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 0))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc2
            (select (v128.load align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 1))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc3
            (select (v128.load offset=16 align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 1))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc4
            (select (v128.load align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 2))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc5
            (select (v128.load offset=16 align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 2))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc6
            (select (v128.load align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 3))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $acc7
            (select (v128.load offset=16 align=8 (i32.add (local.get $yAt) (i32.mul (local.get $row) (i32.const 3))))
              (v128.const i64x2 0 0) (local.get $accumulate)))
          (local.set $mAt (i32.add (local.get $m) (i32.shl (local.get $a) (i32.const 3))))
          ;; X block b starts at x + b·depth·32 bytes.
          (local.set $xAt
            (i32.add (local.get $x) (i32.shl (i32.mul (local.get $b) (local.get $depth)) (i32.const 5))))
          (local.set $k (i32.const 0))
          (loop $terms
            (local.set $m0 (v128.load align=8 (local.get $mAt)))
            (local.set $m1 (v128.load offset=16 align=8 (local.get $mAt)))
            (local.set $xs (v128.load64_splat align=8 (local.get $xAt)))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat offset=8 align=8 (local.get $xAt)))
            (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat offset=16 align=8 (local.get $xAt)))
            (local.set $acc4 (f64x2.add (local.get $acc4) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc5 (f64x2.add (local.get $acc5) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat offset=24 align=8 (local.get $xAt)))
            (local.set $acc6 (f64x2.add (local.get $acc6) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc7 (f64x2.add (local.get $acc7) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $mAt (i32.add (local.get $mAt) (local.get $row)))
            (local.set $xAt (i32.add (local.get $xAt) (i32.const 32)))
            (br_if $terms
              (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $depth))))
          (v128.store align=8 (local.get $yAt) (local.get $acc0))
          (v128.store offset=16 align=8 (local.get $yAt) (local.get $acc1))
          (local.set $yAt (i32.add (local.get $yAt) (local.get $row)))
          (v128.store align=8 (local.get $yAt) (local.get $acc2))
          (v128.store offset=16 align=8 (local.get $yAt) (local.get $acc3))
          (local.set $yAt (i32.add (local.get $yAt) (local.get $row)))
          (v128.store align=8 (local.get $yAt) (local.get $acc4))
          (v128.store offset=16 align=8 (local.get $yAt) (local.get $acc5))
          (local.set $yAt (i32.add (local.get $yAt) (local.get $row)))
          (v128.store align=8 (local.get $yAt) (local.get $acc6))
          (v128.store offset=16 align=8 (local.get $yAt) (local.get $acc7))
          (br_if $vectors
            (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $blocks))))
        (br_if $panels (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 4))) (local.get $cols))))))

  (func (export "gemmRuns")
    (param $m i32) (param $runs i32) (param $x i32) (param $xRow i32) (param $out i32) (param $outRow i32)
    (param $beta i32) (param $coefs i32) (param $depth i32) (param $cols i32) (param $blocks i32) (param $mode i32)
    (local $b i32) (local $a i32) (local $k i32) (local $mAt i32) (local $row i32) (local $k8 i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local $m0 v128) (local $m1 v128) (local $xs v128) (local $t v128) (local $c v128)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $a (i32.const 0))
    (block $done
      (br_if $done (i32.eqz (local.get $blocks)))
      (loop $panels
        (local.set $b (i32.const 0))
        (loop $vectors
          ;; Run v = 4b + q: its input row x_q = x + run·xRow and output row o_q = out + run·outRow.
          (local.set $k (i32.load align=4 (i32.add (local.get $runs) (i32.shl (local.get $b) (i32.const 4)))))
          (local.set $x0 (i32.add (i32.mul (local.get $k) (local.get $xRow)) (local.get $x)))
          (local.set $o0 (i32.add (i32.mul (local.get $k) (local.get $outRow)) (local.get $out)))
          (local.set $k (i32.load offset=4 align=4 (i32.add (local.get $runs) (i32.shl (local.get $b) (i32.const 4)))))
          (local.set $x1 (i32.add (i32.mul (local.get $k) (local.get $xRow)) (local.get $x)))
          (local.set $o1 (i32.add (i32.mul (local.get $k) (local.get $outRow)) (local.get $out)))
          (local.set $k (i32.load offset=8 align=4 (i32.add (local.get $runs) (i32.shl (local.get $b) (i32.const 4)))))
          (local.set $x2 (i32.add (i32.mul (local.get $k) (local.get $xRow)) (local.get $x)))
          (local.set $o2 (i32.add (i32.mul (local.get $k) (local.get $outRow)) (local.get $out)))
          (local.set $k (i32.load offset=12 align=4 (i32.add (local.get $runs) (i32.shl (local.get $b) (i32.const 4)))))
          (local.set $x3 (i32.add (i32.mul (local.get $k) (local.get $xRow)) (local.get $x)))
          (local.set $o3 (i32.add (i32.mul (local.get $k) (local.get $outRow)) (local.get $out)))
          (local.set $acc0 (v128.const i64x2 0 0))
          (local.set $acc1 (v128.const i64x2 0 0))
          (local.set $acc2 (v128.const i64x2 0 0))
          (local.set $acc3 (v128.const i64x2 0 0))
          (local.set $acc4 (v128.const i64x2 0 0))
          (local.set $acc5 (v128.const i64x2 0 0))
          (local.set $acc6 (v128.const i64x2 0 0))
          (local.set $acc7 (v128.const i64x2 0 0))
          (local.set $mAt (i32.add (local.get $m) (i32.shl (local.get $a) (i32.const 3))))
          (local.set $k8 (i32.const 0))
          (local.set $k (i32.const 0))
          (loop $terms
            (local.set $m0 (v128.load align=8 (local.get $mAt)))
            (local.set $m1 (v128.load offset=16 align=8 (local.get $mAt)))
            (local.set $xs (v128.load64_splat align=8 (i32.add (local.get $x0) (local.get $k8))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat align=8 (i32.add (local.get $x1) (local.get $k8))))
            (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat align=8 (i32.add (local.get $x2) (local.get $k8))))
            (local.set $acc4 (f64x2.add (local.get $acc4) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc5 (f64x2.add (local.get $acc5) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $xs (v128.load64_splat align=8 (i32.add (local.get $x3) (local.get $k8))))
            (local.set $acc6 (f64x2.add (local.get $acc6) (f64x2.mul (local.get $m0) (local.get $xs))))
            (local.set $acc7 (f64x2.add (local.get $acc7) (f64x2.mul (local.get $m1) (local.get $xs))))
            (local.set $mAt (i32.add (local.get $mAt) (local.get $row)))
            (local.set $k8 (i32.add (local.get $k8) (i32.const 8)))
            (br_if $terms
              (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $depth))))
          ;; Per element: t = acc − β; the row becomes t (mode 0) or out − c·t (mode 1).
          (local.set $c
            (v128.load64_splat align=8 (i32.add (local.get $coefs) (i32.shl (local.get $b) (i32.const 5)))))
          (local.set $k8 (i32.shl (local.get $a) (i32.const 3)))
          (local.set $t
            (f64x2.sub (local.get $acc0) (v128.load align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store align=8 (i32.add (local.get $o0) (local.get $k8))
            (select
              (f64x2.sub (v128.load align=8 (i32.add (local.get $o0) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $t
            (f64x2.sub (local.get $acc1) (v128.load offset=16 align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store offset=16 align=8 (i32.add (local.get $o0) (local.get $k8))
            (select
              (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $o0) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $c
            (v128.load64_splat offset=8 align=8 (i32.add (local.get $coefs) (i32.shl (local.get $b) (i32.const 5)))))
          (local.set $k8 (i32.shl (local.get $a) (i32.const 3)))
          (local.set $t
            (f64x2.sub (local.get $acc2) (v128.load align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store align=8 (i32.add (local.get $o1) (local.get $k8))
            (select
              (f64x2.sub (v128.load align=8 (i32.add (local.get $o1) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $t
            (f64x2.sub (local.get $acc3) (v128.load offset=16 align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store offset=16 align=8 (i32.add (local.get $o1) (local.get $k8))
            (select
              (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $o1) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $c
            (v128.load64_splat offset=16 align=8 (i32.add (local.get $coefs) (i32.shl (local.get $b) (i32.const 5)))))
          (local.set $k8 (i32.shl (local.get $a) (i32.const 3)))
          (local.set $t
            (f64x2.sub (local.get $acc4) (v128.load align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store align=8 (i32.add (local.get $o2) (local.get $k8))
            (select
              (f64x2.sub (v128.load align=8 (i32.add (local.get $o2) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $t
            (f64x2.sub (local.get $acc5) (v128.load offset=16 align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store offset=16 align=8 (i32.add (local.get $o2) (local.get $k8))
            (select
              (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $o2) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $c
            (v128.load64_splat offset=24 align=8 (i32.add (local.get $coefs) (i32.shl (local.get $b) (i32.const 5)))))
          (local.set $k8 (i32.shl (local.get $a) (i32.const 3)))
          (local.set $t
            (f64x2.sub (local.get $acc6) (v128.load align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store align=8 (i32.add (local.get $o3) (local.get $k8))
            (select
              (f64x2.sub (v128.load align=8 (i32.add (local.get $o3) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (local.set $t
            (f64x2.sub (local.get $acc7) (v128.load offset=16 align=8 (i32.add (local.get $beta) (local.get $k8)))))
          (v128.store offset=16 align=8 (i32.add (local.get $o3) (local.get $k8))
            (select
              (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $o3) (local.get $k8)))
                (f64x2.mul (local.get $c) (local.get $t)))
              (local.get $t)
              (local.get $mode)))
          (br_if $vectors
            (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $blocks))))
        (br_if $panels (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 4))) (local.get $cols)))))))
