using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// Builds a random valid graph from a seed: 1–3 float inputs of small static shapes (sometimes with a symbolic batch
    /// dim "N" bound at run time), then 2–12 nodes from <see cref="OpTemplates"/>, each type- and shape-correct by
    /// construction, and 1–3 of the computed tensors as outputs. Input values are uniform in [-2, 2].
    /// The same seed always gives the same graph.
    /// </summary>
    internal static class RandomGraphGenerator
    {
        public const int MinNodes = 2, MaxNodes = 12;

        private static readonly int[] s_opsets = { 13, 17, 18 };

        public static GenGraph Generate(long seed)
        {
            var random = new Random(unchecked((int)(seed ^ (seed >> 32)) * 31 + 7));
            int opset = s_opsets[random.Next(s_opsets.Length)];
            var c = new GenContext(random, opset);
            var inputs = MakeInputs(c);
            var table = OpTemplates.All.Where(t => t.Claimed(opset)).ToList();
            int totalWeight = table.Sum(t => t.Weight);
            int target = c.Int(MinNodes, MaxNodes);
            for (int attempt = 0; attempt < 200 && c.Nodes.Count < target; attempt++)
            {
                int pick = random.Next(totalWeight);
                var template = table.First(t => (pick -= t.Weight) < 0);
                c.Begin(template.Name);
                template.Apply(c);
            }
            if (c.Nodes.Count == 0)
            {
                c.Begin("Relu");
                ElementwiseTemplates.Unary(c, inputs[0], "Relu");
            }
            var computed = c.Tensors.Where(t => c.Nodes.Any(n => n.Outputs.Contains(t.Name)) && t.Type == Compiler.Ir.ElementType.Float).ToList();
            var outputs = new List<string> { computed[computed.Count - 1].Name };
            int wanted = c.Int(1, 3);
            for (int i = 0; i < 10 && outputs.Count < wanted; i++)
            {
                var o = computed[random.Next(computed.Count)].Name;
                if (!outputs.Contains(o)) outputs.Add(o);
            }
            var values = inputs.Select(t => Enumerable.Range(0, (int)t.Count).Select(_ => c.Uniform(-2, 2)).ToArray()).ToList();
            return new GenGraph(seed, opset, inputs, values, c.Initializers.ToList(), c.Nodes.ToList(), c.Tensors.ToList(), outputs);
        }

        private static List<GenTensor> MakeInputs(GenContext c)
        {
            int count = c.Int(1, 3);
            bool symbolic = c.Chance(0.3);
            int batch = c.Int(1, 3);
            var first = RandomShape(c, batch);
            var list = new List<GenTensor>();
            for (int i = 0; i < count; i++)
            {
                int[] dims = i == 0 || c.Chance(0.5) ? first.ToArray()
                    : c.Chance(0.5) ? first.Select(d => c.Chance(0.3) ? 1 : d).ToArray()
                    : RandomShape(c, batch);
                var symbols = new string?[dims.Length];
                if (symbolic && dims.Length >= 2 && dims[0] == batch && (i == 0 || dims.Length == first.Length)) symbols[0] = "N";
                list.Add(c.AddInput("x" + i, dims, symbols));
            }
            return list;
        }

        private static int[] RandomShape(GenContext c, int batch)
        {
            int rank = c.OneOf(1, 2, 2, 3, 3, 4, 4, 4);
            if (rank == 4) return new[] { batch, c.Int(1, 4), c.Int(3, 7), c.Int(3, 7) };
            if (rank == 3 && c.Chance(0.5)) return new[] { batch, c.Int(1, 4), c.Int(3, 8) };
            var dims = Enumerable.Range(0, rank).Select(_ => c.Int(1, 6)).ToArray();
            if (rank >= 2 && c.Chance(0.6)) dims[0] = batch;
            return dims;
        }
    }
}
