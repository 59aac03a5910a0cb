using System;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;

namespace ModelGen.Cli
{
    /// <summary>How one output compares with its expected values.</summary>
    internal sealed class Comparison
    {
        public string? Mismatch { get; set; }
        public long Count { get; set; }
        public long Outside { get; set; }
        public long NanMismatches { get; set; }
        public double MaxAbsError { get; set; }
        public double MaxRelError { get; set; }
        public long[]? WorstAt { get; set; }
        public double WorstActual { get; set; }
        public double WorstExpected { get; set; }

        /// <summary>Same type and shape, and every element within tolerance.</summary>
        public bool Pass => Mismatch == null && Outside == 0;
    }

    /// <summary>Compares outputs element by element as numpy.allclose does: |a-e| &lt;= atol + rtol*|e|, NaN equal only to NaN.</summary>
    internal static class OutputComparer
    {
        /// <summary>The floor of the relative error's denominator, so an expected 0 does not divide by zero.</summary>
        public const double Tiny = 1e-12;

        /// <summary>Strings (both in ModelGen.Runtime.StringTensor's encoding) match only exactly; the first difference is the mismatch.</summary>
        private static Comparison CompareStrings(Comparison result, long[] dims, byte[] actual, TensorFileData expected)
        {
            int count = checked((int)dims.Aggregate(1L, (x, y) => x * y));
            string[] a = ModelGen.Runtime.StringTensor.Decode(actual, count);
            string[] e = ModelGen.Runtime.StringTensor.Decode(expected.Raw, count);
            result.Count = count;
            for (int i = 0; i < count; i++)
            {
                if (string.Equals(a[i], e[i], StringComparison.Ordinal)) continue;
                result.Outside++;
                result.Mismatch ??= "element " + i + " is \"" + a[i] + "\", expected \"" + e[i] + "\"";
            }
            return result;
        }

        public static Comparison Compare(ElementType type, long[] dims, byte[] actual, TensorFileData expected, double rtol, double atol)
        {
            var result = new Comparison();
            if (expected.Type != type)
            {
                result.Mismatch = "expected element type " + ElementTypes.OnnxName(expected.Type) + ", the model gives " + ElementTypes.OnnxName(type);
                return result;
            }
            if (!expected.Dims.SequenceEqual(dims))
            {
                result.Mismatch = "expected shape [" + string.Join(",", expected.Dims) + "], the model gives [" + string.Join(",", dims) + "]";
                return result;
            }
            if (type == ElementType.String) return CompareStrings(result, dims, actual, expected);
            double[] a = new TensorData(type, dims, actual).AsDouble();
            double[] e = expected.ToTensorData().AsDouble();
            result.Count = a.Length;
            long worst = -1;
            for (int i = 0; i < a.Length; i++)
            {
                double x = a[i], y = e[i];
                if (double.IsNaN(x) || double.IsNaN(y))
                {
                    if (double.IsNaN(x) && double.IsNaN(y)) continue;
                    result.NanMismatches++;
                    result.Outside++;
                    if (worst < 0 || !double.IsNaN(result.MaxAbsError)) worst = i;
                    result.MaxAbsError = double.NaN;
                    result.MaxRelError = double.NaN;
                    continue;
                }
                if (x == y) continue; // also equal infinities
                double abs = Math.Abs(x - y);
                double rel = abs / Math.Max(Math.Abs(y), Tiny);
                if (!(abs <= atol + rtol * Math.Abs(y))) result.Outside++;
                if (double.IsNaN(result.MaxAbsError)) continue;
                if (abs > result.MaxAbsError || worst < 0) { result.MaxAbsError = abs; worst = i; }
                if (rel > result.MaxRelError) result.MaxRelError = rel;
            }
            if (worst >= 0)
            {
                result.WorstAt = Unravel(worst, dims);
                result.WorstActual = a[worst];
                result.WorstExpected = e[worst];
            }
            return result;
        }

        /// <summary>"max abs err 2.4e-07, max rel err 1.1e-06 (worst at [0,3]: got 1.25, expected 1.2500002); PASS: all 10 within ...".</summary>
        public static string Describe(Comparison c, double rtol, double atol)
        {
            if (c.Mismatch != null) return "FAIL: " + c.Mismatch;
            string text = "max abs err " + G(c.MaxAbsError) + ", max rel err " + G(c.MaxRelError);
            if (c.WorstAt != null)
                text += " (worst at [" + string.Join(",", c.WorstAt) + "]: got " + G(c.WorstActual) + ", expected " + G(c.WorstExpected) + ")";
            string tolerance = "|a-e| <= " + G(atol) + " + " + G(rtol) + "*|e|";
            if (c.Pass) return text + "; PASS: all " + c.Count + " elements within " + tolerance;
            return text + "; FAIL: " + c.Outside + " of " + c.Count + " elements outside " + tolerance +
                   (c.NanMismatches > 0 ? " (" + c.NanMismatches + " NaN where a number was expected or the reverse)" : "");
        }

        public static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        private static long[] Unravel(long index, long[] dims)
        {
            var at = new long[dims.Length];
            for (int k = dims.Length - 1; k >= 0; k--)
            {
                if (dims[k] == 0) break;
                at[k] = index % dims[k];
                index /= dims[k];
            }
            return at;
        }
    }
}
