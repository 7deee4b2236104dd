/**
 * The engine's own elementary functions: exp, log and the positive power built from them.
 *
 * Why: V8 computes `Math.exp` and `Math.log` by a call into its C library that the optimising
 * compiler cannot inline (about 39 ns for `Math.exp(a * Math.log(x))` against 10 ns in C), and the
 * kernel needs some 35 of them per customer. These are plain double arithmetic that inlines into
 * the hot loop: additions, multiplications, one division in `log`, table look-ups, and the bits
 * of a double read through a typed array. Every step is an IEEE-754 operation rounded to nearest
 * (JavaScript never fuses a multiply-add), so the results are the same bytes on every machine and
 * every Node.js version (design.md, numerics) — which `Math.*` does not promise.
 *
 * Error bound (test/engine/numerics.test.ts checks the 10⁻¹² bound on 10^7 points of each
 * function and at the edges; on 3·10⁶ further points both stayed within one unit in the last
 * place of `Math.exp` and `Math.log`, 2.2·10⁻¹⁶ relative):
 * - `exp(x)`: relative error against the exact value below 1.5 units in the last place by
 *   construction (about 3·10⁻¹⁶), so within 10⁻¹² of `Math.exp` wherever the result is a normal
 *   double.
 *   Below 2⁻¹⁰²² (x < −708.39) the result is subnormal and carries fewer significant bits:
 *   there it is the exact value rounded once, within one unit of the last place of the
 *   subnormal (2⁻¹⁰⁷⁴) of `Math.exp`. exp(x) = +∞ above 709.782712893384, 0 below −745.14.
 * - `log(x)`: the same bound, about 1 unit in the last place, for every positive double
 *   (subnormals included); log(0) = −∞, log(x < 0) = NaN, log(+∞) = +∞.
 * - `powPositive(x, a)` = exp(a · log(x)), as the kernel wrote it with `Math.*`: its error
 *   against `Math.exp(a * Math.log(x))` is that of exp amplified by |a · log x| (a few 10⁻¹⁶
 *   times it): under 10⁻¹² wherever |a · log x| < 700.
 *
 * Methods: exp by x = (64k + j)·ln2/64 + r, |r| ≤ ln2/128, exp(x) = 2^k · 2^(j/64) · e^r with a
 * 64-entry table of 2^(j/64) in two parts (head and tail, so that the table adds no error) and a
 * degree-5 Taylor polynomial of e^r − 1 (truncation below 4·10⁻¹⁷). log by x = 2^k · m with
 * m in [√2/2, √2), f = m − 1, s = f / (2 + f), log(m) = f − f²/2 + s·(f²/2 + R(s²)) with R a
 * degree-7 polynomial in s² (the Remez coefficients of the classic 1993 Sun Microsystems
 * algorithm, error below 1 ulp).
 * The tables' values are the exact values rounded to the nearest double (computed once with
 * 60-digit decimal arithmetic), written out as literals.
 */

// The bits of a double: its two 32-bit words through views of one 8-byte buffer.
const bits = new Float64Array(1)
const words = new Int32Array(bits.buffer)
/** Index of the high word (sign, exponent, top of the fraction) in `words`: the platform's byte order. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

// ---------------------------------------------------------------------------------------------
// exp

/** 64 / ln 2. */
const INV_STEP = 92.33248261689366
/** ln2 / 64 in two parts: a head of 32 significant bits (n · head is exact for |n| < 2²¹) and the rest. */
const STEP_HI = 0.010830424696905538
const STEP_LO = -6.563929801064195e-13
/** 1.5 · 2⁵²: adding and subtracting it rounds a double (|x| < 2⁵¹) to the nearest integer. */
const ROUNDER = 6755399441055744
const C3 = 1 / 6
const C4 = 1 / 24
const C5 = 1 / 120

/** 2^(j/64), j = 0..63, rounded to the nearest double. */
const TWO_J_HEAD = Float64Array.of(
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775,
  1.1763969916502812, 1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484, 1.255380757024691, 1.2690509571917332,
  1.2828700160787783, 1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303, 1.3542555469368927, 1.3690024229745905,
  1.383909881963832, 1.3989796725383112, 1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647, 1.4768261459394993, 1.4929077282912648,
  1.5091644275934228, 1.5255981507445384, 1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267, 1.6104903319492543,
  1.6280274218573478, 1.645755478153965, 1.6636765803267364, 1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989, 1.8340080864093424, 1.8539791250833855, 1.8741676341103,
  1.8945759815869656, 1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951
)
/** 2^(j/64) − TWO_J_HEAD[j], rounded to the nearest double. */
const TWO_J_TAIL = Float64Array.of(
  0.0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18, 8.551889705537965e-17, 1.759325738772092e-18, -7.899853966841582e-17,
  -6.656660436056593e-17, -3.046782079812471e-17, 5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17, 8.912812676025408e-17,
  3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17, 3.982015231465646e-17, 6.644981499252301e-17, -7.712630692681488e-17,
  -1.89878163130253e-17, 4.658027591836937e-17, -6.7113898212968784e-18, 2.667932131342186e-18, 1.713594918243561e-17, 2.5382502794888315e-17,
  -7.181536135519454e-17, -2.8587312100388614e-17, 8.927282594831732e-17, 7.70094837980299e-17, 9.593797919118849e-17, -6.770511658794786e-17,
  -9.614213209051323e-17, -9.667293313452913e-17, -1.2031642489053655e-17, -3.0237581349939873e-17, -5.600377186075216e-17, -3.483994556892796e-17,
  1.4192920154284036e-17, -1.016455327754295e-16, -1.1024941712342561e-16, 7.949834809697621e-17, 3.7812070533575275e-17, -1.0136916471278304e-17,
  -1.0094406542311964e-16, 2.4707192569797888e-17, -6.712955084707084e-17, -1.0125679913674773e-16, 5.8909926967131e-17, 8.199010020581497e-17,
  -8.0237193703977e-18, -1.851380418263111e-17, 3.164389299292957e-17, 2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17,
  -9.969531538920349e-17, 3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17, 3.4034035352165297e-17, -1.0619946056195963e-16,
  1.0332385960676326e-16, 8.960767791036668e-17, 4.0388753109278167e-17
)

/** 2^k for k = −1024..1023 at index k + 1024: exact powers of two, made by doubling and halving. */
const POW2 = new Float64Array(2048)
POW2[1024] = 1
for (let k = 1; k <= 1023; k++) POW2[1024 + k] = (POW2[1023 + k] as number) * 2
for (let k = 1; k <= 1024; k++) POW2[1024 - k] = (POW2[1025 - k] as number) * 0.5

/**
 * e^x, within 1.5 ulp of the exact value (module comment). Identical on every machine.
 *
 * The constants above (INV_STEP, ROUNDER, STEP_HI, STEP_LO, C3–C5) are written out as literals
 * in `exp` and `log` (LN2_HI, LN2_LO, LG1–LG7), the same doubles: every read of a module
 * constant carries a check that it is initialised, which makes the functions' code larger, and
 * the optimising compiler inlines a limited amount of code into each caller (a result returned
 * by a call it does not inline is boxed, an allocation).
 *
 * @example exp(1) // 2.718281828459045
 */
export const exp = (x: number): number => {
  if (!(x < 708 && x > -708)) return expEdge(x)
  // INV_STEP, ROUNDER, STEP_HI, STEP_LO, C3, C4, C5 (see above).
  const nf = x * 92.33248261689366 + 6755399441055744 - 6755399441055744
  const n = nf | 0
  const r = x - nf * 0.010830424696905538 - nf * (-6.563929801064195e-13)
  const j = n & 63
  const head = TWO_J_HEAD[j] as number
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * 0.008333333333333333)))
  return (head + ((TWO_J_TAIL[j] as number) + head * p)) * (POW2[(n >> 6) + 1024] as number)
}

/** exp beyond ±708: overflow, subnormal results and underflow, infinities and NaN. */
const expEdge = (x: number): number => {
  if (x !== x) return x
  if (x > 709.782712893384) return Infinity
  if (x < -746) return 0
  const nf = x * INV_STEP + ROUNDER - ROUNDER
  const n = nf | 0
  const r = x - nf * STEP_HI - nf * STEP_LO
  const j = n & 63
  const head = TWO_J_HEAD[j] as number
  const p = r + r * r * (0.5 + r * (C3 + r * (C4 + r * C5)))
  const y = head + ((TWO_J_TAIL[j] as number) + head * p)
  // 2^k in two exact factors, both in the table: only the last product rounds (once).
  const k = n >> 6
  const k1 = k >> 1
  return y * (POW2[k - k1 + 1024] as number) * (POW2[k1 + 1024] as number)
}

// ---------------------------------------------------------------------------------------------
// log

const LN2_HI = 6.93147180369123816490e-1
const LN2_LO = 1.90821492927058770002e-10
// The polynomial R(s²) of `log`, written out there as literals: LG1 = 6.666666666666735130e-1,
// LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1, LG4 = 2.222219843214978396e-1,
// LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1, LG7 = 1.479819860511658591e-1.

/**
 * The natural logarithm, within 1 ulp of the exact value (module comment). Identical on every
 * machine.
 *
 * @example log(Math.E) // 1
 */
export const log = (x: number): number => {
  bits[0] = x
  const hx = words[HI] as number
  if (hx < 0x00100000 || hx >= 0x7ff00000) return logEdge(x)
  // x = 2^k · m with m in [√2/2, √2): k from the exponent bits, plus one when the fraction
  // exceeds √2 − 1; m = x · 2^−k exactly (a product by a power of two).
  const i = ((hx & 0x000fffff) + 0x95f64) >> 20
  const k = (hx >> 20) - 1023 + i
  const f = x * (POW2[1024 - k] as number) - 1
  const s = f / (2 + f)
  const z = s * s
  const w = z * z
  // R(s²) in two halves: LG2, LG4, LG6 and LG1, LG3, LG5, LG7.
  const t1 = w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1))
  const t2 = z * (6.666666666666735130e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1)))
  const hfsq = 0.5 * f * f
  return k * 6.93147180369123816490e-1 - (hfsq - (s * (hfsq + (t2 + t1)) + k * 1.90821492927058770002e-10) - f)
}

/** log of zero, negatives, subnormals, infinities and NaN. */
const logEdge = (x: number): number => {
  if (x !== x || x < 0) return NaN
  if (x === 0) return -Infinity
  if (x === Infinity) return Infinity
  // A subnormal: scaled into the normal range by 2⁵⁴ (exact), its logarithm shifted back.
  return log(x * 18014398509481984) - 54 * LN2_HI - 54 * LN2_LO
}

/**
 * x^a for x > 0, as exp(a · log x) (module comment for its error). For x ≤ 0 it is what
 * exp(a · log x) gives: NaN for x < 0, and for x = 0, 0 when a > 0 and +∞ when a < 0.
 *
 * @example powPositive(8, 1 / 3) // 2.0000000000000004 (within 1e-12 of 2)
 */
export const powPositive = (x: number, a: number): number => exp(a * log(x))
