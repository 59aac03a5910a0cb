using System;
using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.ModelFactory
{
    /// <summary>A small model with float inputs of fixed dims.</summary>
    internal sealed record SmallModel(string Name, byte[] Model, IReadOnlyList<(string Name, long[] Dims)> Inputs);

    /// <summary>
    /// The activation and normalisation blocks the pattern passes recognise, each as a model of its own, written as the
    /// exporters write them (one per spelling that matters).
    /// </summary>
    internal static class PatternModels
    {
        private static readonly long[] Dims = { 2, 16, 32 };

        public static IReadOnlyList<SmallModel> All(int seed = 1) => new[]
        {
            GeluErf(seed), GeluTanh(seed), RmsNorm(seed), HardSwish(seed), HardSwishHardSigmoid(seed), Softmax(seed), LayerNormReciprocal(seed),
        };

        public static SmallModel ByName(string name, int seed = 1)
        {
            foreach (var m in All(seed)) if (m.Name == name) return m;
            throw new ArgumentException("No model named '" + name + "'.");
        }

        private static (OnnxModelBuilder, Writer) Start(string name, long opset = 17)
        {
            var b = new OnnxModelBuilder(name, opset);
            b.Input("x", ElementType.Float, new object[] { Dims[0], Dims[1], Dims[2] });
            return (b, new Writer(b));
        }

        private static SmallModel Finish(string name, OnnxModelBuilder b, string y)
        {
            b.Node("Identity", new[] { y }, new[] { "y" }, name: "output");
            b.Output("y", ElementType.Float, new object[] { Dims[0], Dims[1], Dims[2] });
            return new SmallModel(name, b.ToBytes(), new[] { ("x", Dims) });
        }

        /// <summary>½·x·(1 + erf(x/√2)), torch's nn.GELU().</summary>
        public static SmallModel GeluErf(int seed)
        {
            var (b, g) = Start("gelu-erf");
            string erf = g.Node("Erf", g.Node("Div", "x", g.Float(1.4142135381698608f)));
            return Finish("gelu-erf", b, g.Node("Mul", g.Node("Mul", "x", g.Node("Add", erf, g.Float(1f))), g.Float(0.5f)));
        }

        /// <summary>Hugging Face's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
        public static SmallModel GeluTanh(int seed)
        {
            var (b, g) = Start("gelu-tanh");
            string inner = g.Node("Add", "x", g.Node("Mul", g.Float(0.044715f), g.Node("Pow", "x", g.Float(3f))));
            string t = g.Node("Tanh", g.Node("Mul", g.Float((float)Math.Sqrt(2 / Math.PI)), inner));
            return Finish("gelu-tanh", b, g.Node("Mul", g.Node("Mul", g.Float(0.5f), "x"), g.Node("Add", g.Float(1f), t)));
        }

        /// <summary>LLaMA's RMSNorm: weight · (x · rsqrt(mean(x²) + ε)).</summary>
        public static SmallModel RmsNorm(int seed)
        {
            var (b, g) = Start("rmsnorm");
            b.Initializer("weight", new[] { (int)Dims[2] }, new Weights(seed).Normal((int)Dims[2], 0.1, 1));
            string variance = g.Node("ReduceMean", new[] { g.Node("Pow", "x", g.Float(2f)) }, a => a.Ints("axes", -1));
            string inverse = g.Node("Reciprocal", g.Node("Sqrt", g.Node("Add", variance, g.Float(1e-6f))));
            return Finish("rmsnorm", b, g.Node("Mul", "weight", g.Node("Mul", "x", inverse)));
        }

        /// <summary>x · relu6(x + 3) / 6, as MobileNetV3 exports (Clip-11 with input bounds).</summary>
        public static SmallModel HardSwish(int seed)
        {
            var (b, g) = Start("hardswish");
            string r = g.Node("Clip", g.Node("Add", "x", g.Float(3f)), g.Float(0f), g.Float(6f));
            return Finish("hardswish", b, g.Node("Div", g.Node("Mul", "x", r), g.Float(6f)));
        }

        /// <summary>x · HardSigmoid(x) {alpha = 1/6}.</summary>
        public static SmallModel HardSwishHardSigmoid(int seed)
        {
            var (b, g) = Start("hardswish-hardsigmoid");
            string h = g.Node("HardSigmoid", new[] { "x" }, a => a.Float("alpha", 1f / 6).Float("beta", 0.5f));
            return Finish("hardswish-hardsigmoid", b, g.Node("Mul", "x", h));
        }

        /// <summary>exp(x − max(x)) / sum(exp(x − max(x))) over the last axis (ReduceSum-13 with an axes input).</summary>
        public static SmallModel Softmax(int seed)
        {
            var (b, g) = Start("softmax");
            string max = g.Node("ReduceMax", new[] { "x" }, a => a.Ints("axes", -1));
            string e = g.Node("Exp", g.Node("Sub", "x", max));
            return Finish("softmax", b, g.Node("Div", e, g.Node("ReduceSum", e, g.Int64s(-1))));
        }

        /// <summary>LayerNorm with Mul by Reciprocal(Sqrt) at opset 18 (ReduceMean's axes an input), no β.</summary>
        public static SmallModel LayerNormReciprocal(int seed)
        {
            var (b, g) = Start("layernorm-reciprocal", opset: 18);
            b.Initializer("gamma", new[] { (int)Dims[2] }, new Weights(seed).Normal((int)Dims[2], 0.1, 1));
            string mean = g.Node("ReduceMean", "x", g.Int64s(-1));
            string centered = g.Node("Sub", "x", mean);
            string variance = g.Node("ReduceMean", g.Node("Mul", centered, centered), g.Int64s(-1));
            string inverse = g.Node("Reciprocal", g.Node("Sqrt", g.Node("Add", variance, g.Float(1e-5f))));
            return Finish("layernorm-reciprocal", b, g.Node("Mul", g.Node("Mul", centered, inverse), "gamma"));
        }
    }
}
