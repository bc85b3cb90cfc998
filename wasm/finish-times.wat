;; Finishing times of one straggler trial with (shifted-)exponential chunk times, in WebAssembly SIMD: the CPU
;; backend's fast path for src/protocols/finish-times.ts computeFinishTimes (loaded by src/stragglers/wasm-finish-times.ts).
;; Every operation is the one the TypeScript twin performs, in the same order, so the output is bit-identical to it:
;;
;;   1. Philox4x32-10 (Salmon et al., SC'11; src/rng/philox.ts) of every chunk-time block of the trial, four blocks per
;;      SIMD lane group: block (j, b) has counter ((j << 10) | b, trial, cell, chunk-time stream word) (src/rng/counters.ts);
;;   2. X = a − log(1 − (w >>> 8)·2⁻²⁴) / b for every word w (src/stragglers/distribution.ts, families 2 and 3), with the
;;      logarithm computed by fdlibm's __ieee754_log — the algorithm of V8's Math.log, operation for operation (checked
;;      bit for bit over all 2²⁴ inputs by test/stragglers/wasm-finish-times.test.ts);
;;   3. F_j(k) = Σ_{k' ≤ k} f_j·X_{j,k'} per worker in its order, +∞ for workers with f_j = +∞.
;;
;; Memory: constants at [0, 1024) (data segment below); the caller lays out the arrays named by the parameters above
;; 1024 (byte addresses; 16-byte aligned). `philox` and `expTimes` are exported too, for the tests.

(module
  (memory (export "memory") 1)

  ;; Constants, loaded from memory where used (V8 rematerialises a v128.const at every use inside a loop).
  ;;   0 M0 ×4 · 16 M1 ×4 · 32 W0 ×4 · 48 W1 ×4 (Philox)
  ;;  64 1.0 ×2 · 80 2⁻²⁴ ×2 · 96 2.0 ×2 · 112 0.5 ×2 · 128 0.33333333333333333 ×2
  ;; 144 ln2_hi · 160 ln2_lo · 176 Lg1 … 272 Lg7 (×2 each)
  ;; 288 0xfffff ×4 · 304 0x95f64 ×4 · 320 0x100000 ×4 · 336 0x3ff00000 ×4 · 352 1023 ×4 · 368 2 ×4 · 384 3 ×4
  ;; 400 0x6147a ×4 · 416 0x6b851 ×4 · 432 mantissa mask (52 bits) ×2 · 448 high-word mask ×2
  (data (i32.const 0)
    "\53\1f\51\d2\53\1f\51\d2\53\1f\51\d2\53\1f\51\d2"
    "\57\8d\9e\cd\57\8d\9e\cd\57\8d\9e\cd\57\8d\9e\cd"
    "\b9\79\37\9e\b9\79\37\9e\b9\79\37\9e\b9\79\37\9e"
    "\85\ae\67\bb\85\ae\67\bb\85\ae\67\bb\85\ae\67\bb"
    "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\f0\3f"
    "\00\00\00\00\00\00\70\3e\00\00\00\00\00\00\70\3e"
    "\00\00\00\00\00\00\00\40\00\00\00\00\00\00\00\40"
    "\00\00\00\00\00\00\e0\3f\00\00\00\00\00\00\e0\3f"
    "\55\55\55\55\55\55\d5\3f\55\55\55\55\55\55\d5\3f"
    "\00\00\e0\fe\42\2e\e6\3f\00\00\e0\fe\42\2e\e6\3f"
    "\76\3c\79\35\ef\39\ea\3d\76\3c\79\35\ef\39\ea\3d"
    "\93\55\55\55\55\55\e5\3f\93\55\55\55\55\55\e5\3f"
    "\04\fa\97\99\99\99\d9\3f\04\fa\97\99\99\99\d9\3f"
    "\59\93\22\94\24\49\d2\3f\59\93\22\94\24\49\d2\3f"
    "\af\78\8e\1d\c5\71\cc\3f\af\78\8e\1d\c5\71\cc\3f"
    "\de\03\cb\96\64\46\c7\3f\de\03\cb\96\64\46\c7\3f"
    "\9f\c6\78\d0\09\9a\c3\3f\9f\c6\78\d0\09\9a\c3\3f"
    "\44\52\3e\df\12\f1\c2\3f\44\52\3e\df\12\f1\c2\3f"
    "\ff\ff\0f\00\ff\ff\0f\00\ff\ff\0f\00\ff\ff\0f\00"
    "\64\5f\09\00\64\5f\09\00\64\5f\09\00\64\5f\09\00"
    "\00\00\10\00\00\00\10\00\00\00\10\00\00\00\10\00"
    "\00\00\f0\3f\00\00\f0\3f\00\00\f0\3f\00\00\f0\3f"
    "\ff\03\00\00\ff\03\00\00\ff\03\00\00\ff\03\00\00"
    "\02\00\00\00\02\00\00\00\02\00\00\00\02\00\00\00"
    "\03\00\00\00\03\00\00\00\03\00\00\00\03\00\00\00"
    "\7a\14\06\00\7a\14\06\00\7a\14\06\00\7a\14\06\00"
    "\51\b8\06\00\51\b8\06\00\51\b8\06\00\51\b8\06\00"
    "\ff\ff\ff\ff\ff\ff\0f\00\ff\ff\ff\ff\ff\ff\0f\00"
    "\00\00\00\00\ff\ff\ff\ff\00\00\00\00\ff\ff\ff\ff")

  ;; One Philox4x32 round on four blocks (lane = block): (c0, c1, c2, c3) ← (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2),
  ;; hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0)). The 64-bit products come from i64x2.extmul; the shuffles pick their halves.
  ;; Written out ten times in $philox (V8 does not unroll wasm loops; the loop version ran at half the speed).

  ;; Philox4x32-10 of the blocks whose counter words c0 are lanes[0 .. 4·groups) (u32), with c1, c2, c3 and the key
  ;; common to all; the four words of block i are stored at out + 16·i.
  (func $philox (export "philox") (param $lanes i32) (param $groups i32) (param $c1 i32) (param $c2 i32) (param $c3 i32)
                (param $k0 i32) (param $k1 i32) (param $out i32)
    (local $g i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $ka v128) (local $kb v128)
    (local $pl v128) (local $ph v128) (local $ql v128) (local $qh v128) (local $t0 v128) (local $t1 v128)
    (local $t2 v128) (local $t3 v128)
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $x0 (v128.load (i32.add (local.get $lanes) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $x1 (i32x4.splat (local.get $c1)))
        (local.set $x2 (i32x4.splat (local.get $c2)))
        (local.set $x3 (i32x4.splat (local.get $c3)))
        (local.set $ka (i32x4.splat (local.get $k0)))
        (local.set $kb (i32x4.splat (local.get $k1)))
        ;; round 1
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 2
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 3
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 4
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 5
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 6
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 7
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 8
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 9
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; round 10
        (local.set $ka (i32x4.add (local.get $ka) (v128.load (i32.const 32))))
        (local.set $kb (i32x4.add (local.get $kb) (v128.load (i32.const 48))))
        (local.set $pl (i64x2.extmul_low_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ph (i64x2.extmul_high_i32x4_u (v128.load (i32.const 0)) (local.get $x0)))
        (local.set $ql (i64x2.extmul_low_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $qh (i64x2.extmul_high_i32x4_u (v128.load (i32.const 16)) (local.get $x2)))
        (local.set $x0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ql) (local.get $qh)) (local.get $x1)) (local.get $ka)))
        (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ql) (local.get $qh)))
        (local.set $x2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $pl) (local.get $ph)) (local.get $x3)) (local.get $kb)))
        (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $pl) (local.get $ph)))
        ;; 4 × 4 transpose: lane i of x0 … x3 → the four words of block 4g + i.
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
        (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
        (v128.store offset=0 (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 6)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 6)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (v128.store offset=32 (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 6)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
        (v128.store offset=48 (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 6)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group))))

  ;; out[i] = a − log(1 − (w_i >>> 8)·2⁻²⁴) / b for i < n (n even), w_i = words[index[i]], two lanes at a time. The
  ;; logarithm is fdlibm's __ieee754_log, restricted to normal positive finite x (here x ∈ [2⁻²⁴, 1]); its integer
  ;; steps run on the high words, duplicated into both i32 halves of each lane so that comparisons give whole-lane
  ;; masks.
  (func $exp_times (export "expTimes") (param $words i32) (param $index i32) (param $n i32) (param $a f64) (param $b f64)
                   (param $out i32)
    (local $i i32) (local $at i32) (local $x v128) (local $h v128) (local $k v128) (local $e v128) (local $f v128) (local $dk v128)
    (local $kz v128) (local $small v128) (local $big v128) (local $dkhi v128) (local $dklo v128) (local $s v128)
    (local $z v128) (local $w v128) (local $R v128) (local $hf v128) (local $q v128) (local $gen v128)
    (local $Rs v128) (local $y v128)
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; x = 1 − (w >>> 8)·2⁻²⁴ (the 24-bit value fits an i32, so the signed conversion is exact)
        (local.set $at (i32.add (local.get $index) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $x (f64x2.sub (v128.load (i32.const 64))
          (f64x2.mul
            (f64x2.convert_low_i32x4_s (i32x4.shr_u
              (v128.load32_lane 1
                (i32.add (local.get $words) (i32.shl (i32.load offset=4 (local.get $at)) (i32.const 2)))
                (v128.load32_zero (i32.add (local.get $words) (i32.shl (i32.load (local.get $at)) (i32.const 2)))))
              (i32.const 8)))
            (v128.load (i32.const 80)))))
        ;; hx = high word; k = (hx >> 20) − 1023; hx &= 0xfffff; e = (hx + 0x95f64) & 0x100000
        (local.set $h (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $x) (local.get $x)))
        (local.set $k (i32x4.sub (i32x4.shr_s (local.get $h) (i32.const 20)) (v128.load (i32.const 352))))
        (local.set $h (v128.and (local.get $h) (v128.load (i32.const 288))))
        (local.set $e (v128.and (i32x4.add (local.get $h) (v128.load (i32.const 304))) (v128.load (i32.const 320))))
        ;; f = (x with high word hx | (e ^ 0x3ff00000)) − 1; k += e >> 20
        (local.set $f (f64x2.sub
          (v128.or (v128.and (local.get $x) (v128.load (i32.const 432)))
                   (v128.and (v128.xor (local.get $e) (v128.load (i32.const 336))) (v128.load (i32.const 448))))
          (v128.load (i32.const 64))))
        (local.set $k (i32x4.add (local.get $k) (i32x4.shr_s (local.get $e) (i32.const 20))))
        (local.set $dk (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $k) (local.get $k))))
        (local.set $kz (i32x4.eq (local.get $k) (v128.const i32x4 0 0 0 0)))
        ;; |f| < 2⁻²⁰: ((2 + hx) & 0xfffff) < 3
        (local.set $small (i32x4.lt_s (v128.and (i32x4.add (local.get $h) (v128.load (i32.const 368))) (v128.load (i32.const 288)))
                                      (v128.load (i32.const 384))))
        ;; (hx − 0x6147a) | (0x6b851 − hx) > 0
        (local.set $big (i32x4.gt_s (v128.or (i32x4.sub (local.get $h) (v128.load (i32.const 400)))
                                              (i32x4.sub (v128.load (i32.const 416)) (local.get $h)))
                                    (v128.const i32x4 0 0 0 0)))
        (local.set $dkhi (f64x2.mul (local.get $dk) (v128.load (i32.const 144))))
        (local.set $dklo (f64x2.mul (local.get $dk) (v128.load (i32.const 160))))
        ;; s = f / (2 + f); z = s²; w = z²; R = z(Lg1 + w(Lg3 + w(Lg5 + w·Lg7))) + w(Lg2 + w(Lg4 + w·Lg6))
        (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.load (i32.const 96)) (local.get $f))))
        (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
        (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
        (local.set $R (f64x2.add
          (f64x2.mul (local.get $z) (f64x2.add (v128.load (i32.const 176))
            (f64x2.mul (local.get $w) (f64x2.add (v128.load (i32.const 208))
              (f64x2.mul (local.get $w) (f64x2.add (v128.load (i32.const 240))
                (f64x2.mul (local.get $w) (v128.load (i32.const 272)))))))))
          (f64x2.mul (local.get $w) (f64x2.add (v128.load (i32.const 192))
            (f64x2.mul (local.get $w) (f64x2.add (v128.load (i32.const 224))
              (f64x2.mul (local.get $w) (v128.load (i32.const 256)))))))))
        ;; hfsq = 0.5·f·f; big: q = s(hfsq + R), else q = s(f − R)
        (local.set $hf (f64x2.mul (f64x2.mul (v128.load (i32.const 112)) (local.get $f)) (local.get $f)))
        (local.set $q (v128.bitselect
          (f64x2.mul (local.get $s) (f64x2.add (local.get $hf) (local.get $R)))
          (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $R)))
          (local.get $big)))
        ;; big:  k = 0: f − (hfsq − q);  else dk·ln2_hi − ((hfsq − (q + dk·ln2_lo)) − f)
        ;; else: k = 0: f − q;           else dk·ln2_hi − ((q − dk·ln2_lo) − f)
        (local.set $gen (v128.bitselect
          (v128.bitselect
            (f64x2.sub (local.get $f) (f64x2.sub (local.get $hf) (local.get $q)))
            (f64x2.sub (local.get $dkhi) (f64x2.sub (f64x2.sub (local.get $hf) (f64x2.add (local.get $q) (local.get $dklo))) (local.get $f)))
            (local.get $kz))
          (v128.bitselect
            (f64x2.sub (local.get $f) (local.get $q))
            (f64x2.sub (local.get $dkhi) (f64x2.sub (f64x2.sub (local.get $q) (local.get $dklo)) (local.get $f)))
            (local.get $kz))
          (local.get $big)))
        ;; small: f = 0: 0 (k = 0) or dk·ln2_hi + dk·ln2_lo; else R = f·f·(0.5 − 0.33333333333333333·f):
        ;;        k = 0: f − R; else dk·ln2_hi − ((R − dk·ln2_lo) − f)
        (local.set $Rs (f64x2.mul (f64x2.mul (local.get $f) (local.get $f))
          (f64x2.sub (v128.load (i32.const 112)) (f64x2.mul (v128.load (i32.const 128)) (local.get $f)))))
        (local.set $y (v128.bitselect
          (v128.bitselect
            (v128.bitselect (v128.const f64x2 0 0) (f64x2.add (local.get $dkhi) (local.get $dklo)) (local.get $kz))
            (v128.bitselect
              (f64x2.sub (local.get $f) (local.get $Rs))
              (f64x2.sub (local.get $dkhi) (f64x2.sub (f64x2.sub (local.get $Rs) (local.get $dklo)) (local.get $f)))
              (local.get $kz))
            (f64x2.eq (local.get $f) (v128.const f64x2 0 0)))
          (local.get $gen)
          (local.get $small)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64x2.sub (f64x2.splat (local.get $a)) (f64x2.div (local.get $y) (f64x2.splat (local.get $b)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pair))))

;; The trial: Philox blocks → chunk times → finishing times. lanes: u32[4·groups], the blocks' counter words c0
  ;; (padded to whole groups of four); words: u32[16·groups], scratch; wordOf: i32[entries], entry e's word (entries =
  ;; nnz rounded up to even, the pad pointing at word 0); times: f64[entries], scratch; offsets: i32[N + 1], the code's
  ;; entry offsets; factors: f64[N] in, f_j (+∞: never finishes); finish: f64[nnz] out.
  (func (export "finishTimes")
    (param $trial i32) (param $cell i32) (param $word i32) (param $k0 i32) (param $k1 i32) (param $a f64) (param $b f64)
    (param $groups i32) (param $workers i32) (param $entries i32) (param $lanes i32) (param $words i32)
    (param $wordOf i32) (param $times i32) (param $offsets i32) (param $factors i32) (param $finish i32)
    (local $j i32) (local $e i32) (local $end i32) (local $f f64) (local $t f64)
    (call $philox (local.get $lanes) (local.get $groups) (local.get $trial) (local.get $cell) (local.get $word)
                  (local.get $k0) (local.get $k1) (local.get $words))
    (call $exp_times (local.get $words) (local.get $wordOf) (local.get $entries) (local.get $a) (local.get $b)
                     (local.get $times))
    (block $workers_done
      (loop $worker
        (br_if $workers_done (i32.ge_u (local.get $j) (local.get $workers)))
        (local.set $f (f64.load (i32.add (local.get $factors) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $e (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $t (f64.const 0))
        (block $entries_done
          (loop $entry
            (br_if $entries_done (i32.ge_u (local.get $e) (local.get $end)))
            (if (f64.eq (local.get $f) (f64.const inf))
              (then (local.set $t (f64.const inf)))
              (else (local.set $t (f64.add (local.get $t) (f64.mul (local.get $f)
                (f64.load (i32.add (local.get $times) (i32.shl (local.get $e) (i32.const 3)))))))))
            (f64.store (i32.add (local.get $finish) (i32.shl (local.get $e) (i32.const 3))) (local.get $t))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entry)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $worker))))
)
