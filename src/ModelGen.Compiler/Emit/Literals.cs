using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>C# literal text for numbers and element lists, culture-invariant and round-tripping.</summary>
    internal static class Literals
    {
        public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

        public static string Float(float v)
        {
            if (float.IsNaN(v)) return "float.NaN";
            if (float.IsPositiveInfinity(v)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(v)) return "float.NegativeInfinity";
            return v.ToString("R", CultureInfo.InvariantCulture) + "f";
        }

        public static string Double(double v)
        {
            if (double.IsNaN(v)) return "double.NaN";
            if (double.IsPositiveInfinity(v)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(v)) return "double.NegativeInfinity";
            var s = v.ToString("R", CultureInfo.InvariantCulture);
            return s.Contains(".") || s.Contains("E") ? s + "d" : s + ".0";
        }

        /// <summary>One element of <paramref name="type"/> written as C#: a literal, or a cast where C# has no literal form.</summary>
        public static string Element(ElementType type, double asDouble, long asLong)
        {
            if (ElementTypes.IsNarrowFloat(type)) return Bits(type, NarrowBits.FromDouble(type, asDouble, true));
            if (ElementTypes.IsNarrowInteger(type)) return Bits(type, (int)(asLong & ((1L << ElementTypes.PackedBits(type)) - 1)));
            switch (type)
            {
                case ElementType.Float: return Float((float)asDouble);
                case ElementType.Double: return Double(asDouble);
                // Parenthesised: "(global::System.Half)-1f" would parse as a subtraction, since the type is not a keyword.
                case ElementType.Float16: return "(global::System.Half)(" + Float((float)asDouble) + ")";
                case ElementType.Bool: return asLong != 0 ? "true" : "false";
                case ElementType.Int64: return asLong == long.MinValue ? "long.MinValue" : Int(asLong) + "L";
                case ElementType.UInt64: return unchecked((ulong)asLong).ToString(CultureInfo.InvariantCulture) + "UL";
                case ElementType.UInt32: return unchecked((uint)asLong).ToString(CultureInfo.InvariantCulture) + "U";
                case ElementType.Int32: return asLong == int.MinValue ? "int.MinValue" : Int(asLong);
                default: return "(" + ElementTypes.CSharpName(type) + ")" + Int(asLong);
            }
        }

        /// <summary>A narrow-type element from its raw bits: "global::ModelGen.Runtime.Numerics.BFloat16.FromBits(0x3F80)".</summary>
        private static string Bits(ElementType type, int bits) =>
            ElementTypes.CSharpName(type) + ".FromBits(0x" + bits.ToString(type == ElementType.BFloat16 ? "X4" : "X2", CultureInfo.InvariantCulture) + ")";

        /// <summary>"new float[] { 1f, 2f }" for a build-time tensor.</summary>
        public static string Array(TensorData data)
        {
            if (ElementTypes.IsNarrow(data.Type))
            {
                int size = ElementTypes.SizeOf(data.Type);
                var bits = Enumerable.Range(0, (int)data.ElementCount).Select(i => Bits(data.Type, size == 2 ? data.Raw[2 * i] | (data.Raw[2 * i + 1] << 8) : data.Raw[i]));
                return "new " + ElementTypes.CSharpName(data.Type) + "[] { " + string.Join(", ", bits) + " }";
            }
            var doubles = data.AsDouble();
            var longs = ElementTypes.IsFloatingPoint(data.Type) ? doubles.Select(d => 0L).ToArray() : data.AsInt64();
            var items = Enumerable.Range(0, doubles.Length).Select(i => Element(data.Type, doubles[i], longs[i]));
            return "new " + ElementTypes.CSharpName(data.Type) + "[] { " + string.Join(", ", items) + " }";
        }
    
        /// <summary>A C# string literal; every character outside printable ASCII as a \u escape, so any text stays one valid line.</summary>
        public static string Text(string value)
        {
            var b = new System.Text.StringBuilder(value.Length + 2).Append('"');
            foreach (char ch in value)
            {
                if (ch == '"' || ch == '\\') b.Append('\\').Append(ch);
                else if (ch < 0x20 || ch > 0x7e) b.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else b.Append(ch);
            }
            return b.Append('"').ToString();
        }
}
}
