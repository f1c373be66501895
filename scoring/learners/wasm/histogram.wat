;; Histogram kernel of gradient boosting (see ../histogram.ts and histogram-kernel.ts).
;;
;; accumulate adds rows[start..end) to one histogram over all p features. Row r's bin codes are p bytes at
;; codes + r*p (row-major: one row is one or two cache lines however scattered the node's rows
;; are); its gradient and hessian are two doubles at gh + r*16. Feature j owns 256 bins of 32
;; bytes at hist + j*8192; a bin holds (A, B) and (C, unused) as two 128-bit lanes, so a row adds
;; its (gradient, hessian) pair and its count of 1 with two SIMD additions per feature.
;;
;; Why WebAssembly: this loop is most of a boosting fit, and V8 compiles the JavaScript version
;; with bounds checks and scalar doubles; this one is several times faster (bench/RESULTS.md).
;;
;; Compile with `npm run build:wasm` (writes histogram-wasm.ts); a test checks the two agree.
(module
  (import "env" "memory" (memory 1))

  ;; Adds n rows laid out contiguously: codes at codes + t*stride, (g, h) at gh + t*16.
  (func $addRows
    (param $hist i32) (param $codes i32) (param $stride i32) (param $p i32) (param $n i32)
    (param $gh i32)
    (local $t i32) (local $g v128) (local $code i32) (local $codeEnd i32) (local $feature i32)
    (local $bin i32) (local $one v128)
    (local.set $one (v128.const f64x2 1 0))
    (loop $eachRow
      (local.set $g (v128.load (i32.add (local.get $gh) (i32.shl (local.get $t) (i32.const 4)))))
      (local.set $code (i32.add (local.get $codes) (i32.mul (local.get $t) (local.get $stride))))
      (local.set $codeEnd (i32.add (local.get $code) (local.get $p)))
      (local.set $feature (local.get $hist))
      (loop $eachFeature
        (local.set $bin
          (i32.add (local.get $feature) (i32.shl (i32.load8_u (local.get $code)) (i32.const 5))))
        (v128.store (local.get $bin) (f64x2.add (v128.load (local.get $bin)) (local.get $g)))
        (v128.store offset=16 (local.get $bin)
          (f64x2.add (v128.load offset=16 (local.get $bin)) (local.get $one)))
        (local.set $feature (i32.add (local.get $feature) (i32.const 8192)))
        (local.set $code (i32.add (local.get $code) (i32.const 1)))
        (br_if $eachFeature (i32.lt_u (local.get $code) (local.get $codeEnd))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $eachRow (i32.lt_u (local.get $t) (local.get $n)))))

  ;; Adds rows[start..end) in place: for rows that fill most of their range (the root of a tree),
  ;; where the hardware prefetcher already streams the codes.
  (func $addDense
    (param $hist i32) (param $codes i32) (param $p i32) (param $rows i32) (param $start i32)
    (param $end i32) (param $gh i32)
    (local $i i32) (local $r i32) (local $g v128) (local $code i32) (local $codeEnd i32)
    (local $feature i32) (local $bin i32) (local $one v128)
    (local.set $one (v128.const f64x2 1 0))
    (local.set $i (local.get $start))
    (loop $eachRow
      (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $g (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
      (local.set $code (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $p))))
      (local.set $codeEnd (i32.add (local.get $code) (local.get $p)))
      (local.set $feature (local.get $hist))
      (loop $eachFeature
        (local.set $bin
          (i32.add (local.get $feature) (i32.shl (i32.load8_u (local.get $code)) (i32.const 5))))
        (v128.store (local.get $bin) (f64x2.add (v128.load (local.get $bin)) (local.get $g)))
        (v128.store offset=16 (local.get $bin)
          (f64x2.add (v128.load offset=16 (local.get $bin)) (local.get $one)))
        (local.set $feature (i32.add (local.get $feature) (i32.const 8192)))
        (local.set $code (i32.add (local.get $code) (i32.const 1)))
        (br_if $eachFeature (i32.lt_u (local.get $code) (local.get $codeEnd))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $eachRow (i32.lt_u (local.get $i) (local.get $end)))))

  ;; Adds scattered rows in chunks of 256: first copy each chunk's codes and (g, h) side by side
  ;; into scratch, then add the copy. The copy loop is short, so the processor keeps many of its
  ;; cache misses in flight; adding in place would wait for each row's miss in turn (LightGBM
  ;; prefetches instead, which WebAssembly cannot). Scratch holds 256 * (roundup16(p) + 16)
  ;; bytes, and codes must be readable 16 bytes past the last row.
  (func $addScattered
    (param $hist i32) (param $codes i32) (param $p i32) (param $rows i32) (param $start i32)
    (param $end i32) (param $gh i32) (param $scratch i32)
    (local $c i32) (local $m i32) (local $t i32) (local $r i32) (local $src i32) (local $dst i32)
    (local $q i32) (local $stride i32) (local $words i32) (local $ghCopy i32)
    (local.set $stride (i32.and (i32.add (local.get $p) (i32.const 15)) (i32.const -16)))
    (local.set $words (i32.shr_u (local.get $stride) (i32.const 4)))
    (local.set $ghCopy (i32.add (local.get $scratch) (i32.shl (local.get $stride) (i32.const 8))))
    (local.set $c (local.get $start))
    (loop $eachChunk
      (local.set $m (i32.sub (local.get $end) (local.get $c)))
      (if (i32.gt_u (local.get $m) (i32.const 256)) (then (local.set $m (i32.const 256))))
      (local.set $t (i32.const 0))
      (loop $copyRow
        (local.set $r
          (i32.load (i32.add (local.get $rows)
            (i32.shl (i32.add (local.get $c) (local.get $t)) (i32.const 2)))))
        (v128.store (i32.add (local.get $ghCopy) (i32.shl (local.get $t) (i32.const 4)))
          (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $src (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $p))))
        (local.set $dst (i32.add (local.get $scratch) (i32.mul (local.get $t) (local.get $stride))))
        (local.set $q (local.get $words))
        (loop $copyCodes
          (v128.store (local.get $dst) (v128.load (local.get $src)))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
          (local.set $q (i32.sub (local.get $q) (i32.const 1)))
          (br_if $copyCodes (local.get $q)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_if $copyRow (i32.lt_u (local.get $t) (local.get $m))))
      (call $addRows (local.get $hist) (local.get $scratch) (local.get $stride) (local.get $p)
        (local.get $m) (local.get $ghCopy))
      (local.set $c (i32.add (local.get $c) (local.get $m)))
      (br_if $eachChunk (i32.lt_u (local.get $c) (local.get $end)))))

  (func (export "accumulate")
    (param $hist i32) (param $codes i32) (param $p i32) (param $rows i32) (param $start i32)
    (param $end i32) (param $gh i32) (param $scratch i32)
    (local $first i32) (local $last i32)
    (if (i32.ge_u (local.get $start) (local.get $end)) (then (return)))
    (if (i32.eqz (local.get $p)) (then (return)))
    (local.set $first (i32.load (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2)))))
    (local.set $last
      (i32.load (i32.add (local.get $rows) (i32.shl (i32.sub (local.get $end) (i32.const 1)) (i32.const 2)))))
    ;; Rows ascend within a node; when they fill at least half their range, in place is faster.
    (if (i32.le_u
          (i32.sub (local.get $last) (local.get $first))
          (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 1)))
      (then
        (call $addDense (local.get $hist) (local.get $codes) (local.get $p) (local.get $rows)
          (local.get $start) (local.get $end) (local.get $gh)))
      (else
        (call $addScattered (local.get $hist) (local.get $codes) (local.get $p) (local.get $rows)
          (local.get $start) (local.get $end) (local.get $gh) (local.get $scratch))))))
