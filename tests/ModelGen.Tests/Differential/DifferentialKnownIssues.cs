using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Tests.Differential
{
    /// <summary>A listed disagreement: the op, the element type, a piece of the variant's text (empty: every case of the pair), and why.</summary>
    /// <remarks><paramref name="OnThisMachine"/>, when given, limits the entry to machines where the deviation happens (ORT's kernels differ by CPU).</remarks>
    internal sealed record KnownIssue(string Op, ElementType Type, string Variant, string Reason, bool OrtSide, Func<bool>? OnThisMachine = null)
    {
        public bool Matches(DiffCase c) => c.Op == Op && c.Type == Type && c.Variant.Contains(Variant, StringComparison.Ordinal) && (OnThisMachine?.Invoke() ?? true);

        public override string ToString() => Op + "<" + ElementTypes.OnnxName(Type) + ">" + (Variant.Length > 0 ? " '" + Variant + "'" : "");
    }

    /// <summary>
    /// Disagreements with ONNX Runtime that are understood: ORT deviating from the ONNX spec (or from ONNX's reference
    /// where the spec leaves the detail to it), and ModelGen findings reported to the lead and not fixed yet. A listed
    /// case that disagrees (or, for a ModelGen entry, whose generated C# does not compile) counts as known, not as a
    /// failure; an entry none of whose cases disagrees any more fails the test, so the entry goes when the bug does.
    /// </summary>
    internal static class DifferentialKnownIssues
    {
        public static readonly IReadOnlyList<KnownIssue> Table = new[]
        {
            // ONNX Runtime's deviations.
            Ort("GridSample", ElementType.Float, "cubic padding_mode=border", "ORT does not clamp an out-of-range location to the border before the cubic taps (ONNX's reference does; 'border values for out-of-bound grid locations')"),
            Ort("GridSample", ElementType.Float, "bicubic padding_mode=border", "as above, opset 16's 'bicubic'"),
            Ort("Resize", ElementType.Int32, "linear half_pixel", "ORT truncates interpolated integers; ONNX's reference rounds them (saturate_cast: round half to even)"),
            Ort("Resize", ElementType.UInt8, "linear half_pixel", "as above"),
            Ort("Resize", ElementType.Int8, "linear half_pixel", "as above"),
            Ort("Resize", ElementType.Float, "on axes [-1,-2], keep_aspect_ratio_policy=not_smaller", "ORT ignores sizes given on negative axes (returns the input's shape); ONNX allows negative axes"),
            Ort("OneHot", ElementType.Float, "float indices", "ORT matches fractional float indices against no class; ONNX casts non-integer indices to int64 (1.7 is class 1)"),
            Ort("QuantizeLinear", ElementType.Float16, "", "ORT divides x by a float16 scale in float; ONNX's reference (and 'precision' defaulting to the scale's type) divides in float16, which moves ties"),
            Ort("ReduceLogSumExp", ElementType.Int32, "", "ORT's integer path keeps integer intermediates, so it can land 1 below log(Σ exp x) truncated, which ModelGen computes in double and truncates once (ONNX's reference does not run integer inputs)"),
            Ort("ReduceLogSumExp", ElementType.Int64, "", "as above"),
            // ORT documents it: on x86-64 without VNNI, its uint8 × int8 kernels multiply with VPMADDUBSW, whose int16 sums of
            // two products saturate (255·127·2 > 32767); ModelGen sums in int32, as the spec says. Seen on AMD Zen 3 (AVX2).
            Ort("QLinearMatMul", ElementType.UInt8, "uint8 × int8", "uint8 × int8 products saturate in int16 on x86-64 without VNNI (VPMADDUBSW)", OrtU8S8Saturates),
            Ort("ConvInteger", ElementType.Int8, "int8 x, uint8 w", "as above (ORT flips the signs into its uint8 × int8 kernel)", OrtU8S8Saturates),
            Ort("QLinearConv", ElementType.UInt8, "uint8 x, int8 w", "as above", OrtU8S8Saturates),
            // ModelGen findings, reported to the lead.
            Mg("ConvTranspose", ElementType.Float, "output_shape", "output_shape without auto_pad: ModelGen pads as ONNX's reference does (all of the cut at the end), ORT as the spec's formula (odd total: the extra at the start); spec and reference disagree"),
            Mg("ConvTranspose", ElementType.Float16, "output_shape", "as above"),
            Mg("MaxUnpool", ElementType.Float, "output_shape", "with output_shape, ModelGen counts the indices in the shape the attributes infer and puts that block at the output's origin, as ONNX's reference and backend test do; " +
                                                          "ORT counts them in output_shape, as MaxPool's indices over an input of that shape would be (the spec: I is 'typically the second output of the MaxPool op'); spec and reference disagree"),
        };

        private static KnownIssue Ort(string op, ElementType type, string variant, string reason, Func<bool>? onThisMachine = null) =>
            new KnownIssue(op, type, variant, "ORT deviation: " + reason, true, onThisMachine);

        /// <summary>Whether ORT's x86-64 uint8 × int8 kernels saturate here: an x86-64 CPU with neither AVX-VNNI nor AVX512-VNNI.</summary>
        private static bool OrtU8S8Saturates() => s_u8s8Saturates.Value;

        private static readonly Lazy<bool> s_u8s8Saturates = new Lazy<bool>(() =>
        {
            if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) return false;
            if (System.Runtime.Intrinsics.X86.AvxVnni.IsSupported) return false;
            // AVX512-VNNI from the kernel's CPU flags (Linux, where CI runs); elsewhere an AVX-512 CPU is taken to have it.
            const string cpuinfo = "/proc/cpuinfo";
            if (System.IO.File.Exists(cpuinfo)) return !System.IO.File.ReadAllText(cpuinfo).Contains("avx512_vnni", StringComparison.Ordinal);
            return !System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
        });

        private static KnownIssue Mg(string op, ElementType type, string variant, string reason) => new KnownIssue(op, type, variant, "ModelGen, reported: " + reason, false);

        public static KnownIssue? Find(DiffCase c) => Table.FirstOrDefault(k => k.Matches(c));
    }
}
