using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ops;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>One entry of the op table: a name, the ops it writes (checked against the op registry), how often it is picked.</summary>
    internal sealed class OpTemplate
    {
        public OpTemplate(string name, string[] ops, int weight, Func<GenContext, GenTensor?> apply, int minOpset = 13)
        {
            Name = name;
            Ops = ops;
            Weight = weight;
            Apply = apply;
            MinOpset = minOpset;
        }

        public string Name { get; }
        public string[] Ops { get; }
        public int Weight { get; }
        public Func<GenContext, GenTensor?> Apply { get; }
        public int MinOpset { get; }

        /// <summary>Every op it writes is in ModelGen's registry with a revision at or below the model's opset.</summary>
        public bool Claimed(int opset) =>
            opset >= MinOpset && Ops.All(op => OpRegistry.Find("", op) is { } def && def.Schema.Revisions.Any(r => r <= opset));
    }

    /// <summary>
    /// The op table. Single-op templates cover the ops; pattern templates write the chains the optimizer rewrites
    /// (Conv→BN→Relu, MatMul→Add→activation, Add→Relu, Transpose pairs, Slice→pointwise→Concat, pointwise→reduction),
    /// which is where fusion bugs hide.
    /// </summary>
    internal static class OpTemplates
    {
        private static readonly string[] s_unary =
            { "Relu", "Sigmoid", "Tanh", "Exp", "Abs", "Neg", "Sqrt", "Erf", "Sin", "Softsign", "Softplus", "LeakyRelu", "Elu", "HardSigmoid", "HardSwish", "Floor", "Ceil", "Round" };

        private static readonly string[] s_binary = { "Add", "Sub", "Mul", "Div", "Max", "Min", "Pow" };

        private static readonly string[] s_reduce =
            { "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSumExp", "ReduceProd" };

        private static readonly string[] s_compare = { "Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual" };

        public static IReadOnlyList<OpTemplate> All { get; } = Build();

        private static IReadOnlyList<OpTemplate> Build()
        {
            var t = new List<OpTemplate>();
            foreach (var op in s_unary)
                t.Add(new OpTemplate(op, op == "Sqrt" ? new[] { "Abs", "Add", "Sqrt" } : new[] { op }, 2, c => ElementwiseTemplates.Unary(c, null, op), op == "HardSwish" ? 14 : 13));
            foreach (var op in s_binary) t.Add(new OpTemplate(op, new[] { op }, 4, c => ElementwiseTemplates.Binary(c, null, op)));
            foreach (var op in s_reduce) t.Add(new OpTemplate(op, new[] { op }, 2, c => DataTemplates.Reduce(c, null, op)));
            foreach (var op in s_compare) t.Add(new OpTemplate("Where/" + op, new[] { op, "Where", "Cast" }, 2, c => ElementwiseTemplates.Where(c, null, op)));
            t.Add(new OpTemplate("Clip", new[] { "Clip" }, 3, c => ElementwiseTemplates.Clip(c, null)));
            t.Add(new OpTemplate("Cast", new[] { "Floor", "Cast" }, 2, c => ElementwiseTemplates.Cast(c, null)));
            t.Add(new OpTemplate("MatMul", new[] { "MatMul" }, 6, c => LinearTemplates.MatMul(c, null)));
            t.Add(new OpTemplate("Gemm", new[] { "Gemm" }, 4, c => LinearTemplates.Gemm(c, null)));
            t.Add(new OpTemplate("Conv", new[] { "Conv" }, 6, c => LinearTemplates.Conv(c, null)));
            foreach (var op in new[] { "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool" })
                t.Add(new OpTemplate(op, new[] { op }, 2, c => LinearTemplates.Pool(c, null, op)));
            t.Add(new OpTemplate("BatchNormalization", new[] { "BatchNormalization" }, 3, c => LinearTemplates.BatchNormalization(c, null)));
            t.Add(new OpTemplate("LayerNormalization", new[] { "LayerNormalization" }, 3, c => LinearTemplates.LayerNormalization(c, null), 17));
            t.Add(new OpTemplate("Softmax", new[] { "Softmax" }, 3, c => LinearTemplates.Softmax(c, null, "Softmax")));
            t.Add(new OpTemplate("LogSoftmax", new[] { "LogSoftmax" }, 2, c => LinearTemplates.Softmax(c, null, "LogSoftmax")));
            t.Add(new OpTemplate("Transpose", new[] { "Transpose" }, 4, c => DataTemplates.Transpose(c, null, pair: false)));
            t.Add(new OpTemplate("Reshape", new[] { "Reshape" }, 3, c => DataTemplates.Reshape(c, null)));
            t.Add(new OpTemplate("Flatten", new[] { "Flatten" }, 2, c => DataTemplates.Flatten(c, null)));
            t.Add(new OpTemplate("Squeeze/Unsqueeze", new[] { "Squeeze", "Unsqueeze" }, 3, c => DataTemplates.SqueezeOrUnsqueeze(c, null)));
            t.Add(new OpTemplate("Concat", new[] { "Concat" }, 3, c => DataTemplates.Concat(c, null)));
            t.Add(new OpTemplate("Slice", new[] { "Slice" }, 3, c => DataTemplates.Slice(c, null)));
            t.Add(new OpTemplate("Gather", new[] { "Gather" }, 3, c => DataTemplates.Gather(c, null)));
            t.Add(new OpTemplate("Split", new[] { "Split" }, 2, c => DataTemplates.Split(c, null)));

            // Patterns.
            t.Add(new OpTemplate("Conv→BN→Relu", new[] { "Conv", "BatchNormalization", "Relu", "LeakyRelu", "Sigmoid" }, 5, c => PatternTemplates.ConvBnRelu(c)));
            t.Add(new OpTemplate("MatMul→Add→act", new[] { "MatMul", "Gemm", "Add", "Relu", "Sigmoid", "Tanh" }, 5, c => PatternTemplates.MatMulAddActivation(c)));
            t.Add(new OpTemplate("Add→Relu chain", new[] { "Add", "Relu", "Mul" }, 4, c => PatternTemplates.AddReluChain(c)));
            t.Add(new OpTemplate("Transpose pair", new[] { "Transpose" }, 3, c => DataTemplates.Transpose(c, null, pair: true)));
            t.Add(new OpTemplate("Slice→pointwise→Concat", new[] { "Slice", "Concat", "Relu", "Sigmoid", "Tanh", "Neg" }, 4, c => PatternTemplates.SliceMapConcat(c)));
            t.Add(new OpTemplate("pointwise→Reduce", new[] { "Mul", "Sub", "Abs", "Add", "ReduceSum", "ReduceMean", "ReduceMax", "Sqrt", "Exp" }, 4, c => PatternTemplates.PointwiseReduce(c)));
            return t;
        }
    }
}
