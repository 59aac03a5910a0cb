using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// Small models whose generated code holds the text a culture changes: floats with exponents (a ',' decimal
    /// separator in de-DE), NaN/Inf and negative zero, large and negative integers (fa-IR and ar-SA write minus
    /// signs and digits of their own), names and string attributes with 'i'/'I' (dotted and dotless in tr-TR).
    /// </summary>
    internal static class CultureModels
    {
        /// <summary>(file name, model bytes) for each model.</summary>
        public static IReadOnlyList<(string Name, byte[] Bytes)> All() => new[]
        {
            ("exponents.onnx", Exponents()),
            ("specials.onnx", Specials()),
            ("big_ints.onnx", BigInts()),
            ("strings.onnx", Strings()),
        };

        /// <summary>y = LeakyRelu(x · c1 + c2, 1e-5): constants far from 1, so their shortest text has an exponent.</summary>
        public static byte[] Exponents() =>
            new OnnxModelBuilder("exponents", opset: 13)
                .Input("Input_ID", ElementType.Float, new object[] { 2, 3 })
                .Node("Constant", new string[0], new[] { "c1" }, name: "scale", attributes: a => a.Tensor("value", new[] { 3 }, new[] { 1.5e-7f, -2.5e20f, 1.17549435e-38f }))
                .Node("Constant", new string[0], new[] { "c2" }, name: "shift", attributes: a => a.Float("value_float", 3.25e37f))
                .Node("Mul", new[] { "Input_ID", "c1" }, new[] { "m" }, name: "mul")
                .Node("Add", new[] { "m", "c2" }, new[] { "s" }, name: "add")
                .Node("LeakyRelu", new[] { "s" }, new[] { "y" }, name: "leaky", attributes: a => a.Float("alpha", 1e-5f))
                .Output("y", ElementType.Float, new object[] { 2, 3 })
                .ToBytes();

        /// <summary>y = x · (-0) + [NaN, +Inf, -Inf, -0]; Softmax over the last axis (axis -1) of a second output.</summary>
        public static byte[] Specials() =>
            new OnnxModelBuilder("specials", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 4 })
                .Node("Constant", new string[0], new[] { "nz" }, name: "negative_zero", attributes: a => a.Float("value_float", -0f))
                .Node("Constant", new string[0], new[] { "sp" }, name: "specials", attributes: a => a.Tensor("value", new[] { 4 }, new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f }))
                .Node("Mul", new[] { "x", "nz" }, new[] { "m" }, name: "mul")
                .Node("Add", new[] { "m", "sp" }, new[] { "y" }, name: "add")
                .Node("Softmax", new[] { "x" }, new[] { "p" }, name: "softmax", attributes: a => a.Int("axis", -1))
                .Output("y", ElementType.Float, new object[] { 2, 4 })
                .Output("p", ElementType.Float, new object[] { 2, 4 })
                .ToBytes();

        /// <summary>y = (x + big) · [-1, 3, -7]; z = x gathered at negative indices; int64 constants near the ends of the range.</summary>
        public static byte[] BigInts() =>
            new OnnxModelBuilder("big_ints", opset: 13)
                .Input("x", ElementType.Int64, new object[] { 3 })
                .Node("Constant", new string[0], new[] { "big" }, name: "big", attributes: a => a.Tensor("value", new[] { 3 }, new[] { long.MaxValue - 7, long.MinValue + 9, -1234567890123L }))
                .Node("Constant", new string[0], new[] { "k" }, name: "k", attributes: a => a.Tensor("value", new[] { 3 }, new[] { -1L, 3L, -7L }))
                .Node("Constant", new string[0], new[] { "idx" }, name: "idx", attributes: a => a.Tensor("value", new[] { 2 }, new[] { -1L, -3L }))
                .Node("Add", new[] { "x", "big" }, new[] { "s" }, name: "add")
                .Node("Mul", new[] { "s", "k" }, new[] { "y" }, name: "mul")
                .Node("Gather", new[] { "x", "idx" }, new[] { "z" }, name: "gather", attributes: a => a.Int("axis", -1))
                .Output("y", ElementType.Int64, new object[] { 3 })
                .Output("z", ElementType.Int64, new object[] { 2 })
                .ToBytes();

        /// <summary>StringNormalizer with Turkish stop words and UPPER case; names with 'i', 'I', 'İ' and 'ı'.</summary>
        public static byte[] Strings() =>
            new OnnxModelBuilder("strıngs_İI", opset: 20)
                .DocString("İstanbul ılık; DIGIT_INFO")
                .Input("INPUT_TEXT_ID", ElementType.String, new object[] { "N" })
                .Node("StringNormalizer", new[] { "INPUT_TEXT_ID" }, new[] { "normalized_ID" }, name: "NORMALIZE_İI",
                      attributes: a => a.String("case_change_action", "UPPER").Int("is_case_sensitive", 0).Strings("stopwords", new[] { "istanbul", "ILIK", "Iİıi" }))
                .Node("StringConcat", new[] { "INPUT_TEXT_ID", "INPUT_TEXT_ID" }, new[] { "joined_INFO" }, name: "JOIN")
                .Output("normalized_ID", ElementType.String, null)
                .Output("joined_INFO", ElementType.String, null)
                .ToBytes();
    }
}
