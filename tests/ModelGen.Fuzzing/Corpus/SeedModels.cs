using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.Fuzzing.Corpus
{
    /// <summary>A model the mutators start from; its name ("builtin:conv-gemm", "shared:models/mnist-8/model.onnx") is what a recipe records.</summary>
    public sealed record SeedModel(string Name, byte[] Bytes);

    /// <summary>
    /// The seeds: a few built here with OnnxModelBuilder (so CI has seeds without ../shared, and their mutants' bytes are
    /// ours to commit), and every real model and backend-suite model under the shared folder (whose bytes are not ours:
    /// only recipes that name them are saved).
    /// </summary>
    public static class SeedModels
    {
        public const string BuiltinPrefix = "builtin:", SharedPrefix = "shared:";

        private static readonly (string Name, Func<byte[]> Build)[] s_builtin =
        {
            ("conv-gemm", ConvGemm),
            ("if-branches", IfBranches),
            ("elementwise", Elementwise),
            ("int-shapes", IntShapes),
        };

        public static IReadOnlyList<SeedModel> Builtin() => s_builtin.Select(b => new SeedModel(BuiltinPrefix + b.Name, b.Build())).ToList();

        /// <summary>Every model.onnx under shared/models and shared/onnx-backend-tests/*/*, in a stable (ordinal) order.</summary>
        public static IReadOnlyList<SeedModel> Shared(string sharedDirectory)
        {
            var paths = new List<string>();
            string models = Path.Combine(sharedDirectory, "models");
            if (Directory.Exists(models)) paths.AddRange(Directory.GetDirectories(models).Select(d => Path.Combine(d, "model.onnx")));
            string backend = Path.Combine(sharedDirectory, "onnx-backend-tests");
            if (Directory.Exists(backend))
                foreach (var suite in Directory.GetDirectories(backend))
                    paths.AddRange(Directory.GetDirectories(suite).Select(d => Path.Combine(d, "model.onnx")));
            return paths.Where(File.Exists)
                .Select(p => Path.GetRelativePath(sharedDirectory, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new SeedModel(SharedPrefix + p, File.ReadAllBytes(Path.Combine(sharedDirectory, p))))
                .ToList();
        }

        /// <summary>The seed a recipe names; null when it is a shared one and the shared folder is absent.</summary>
        public static SeedModel? Resolve(string name, string? sharedDirectory)
        {
            if (name.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
            {
                string key = name.Substring(BuiltinPrefix.Length);
                var b = s_builtin.FirstOrDefault(x => x.Name == key);
                return b.Build == null ? throw new ArgumentException("no built-in seed " + key) : new SeedModel(name, b.Build());
            }
            if (!name.StartsWith(SharedPrefix, StringComparison.Ordinal)) throw new ArgumentException("a seed name starts with builtin: or shared: (" + name + ")");
            if (sharedDirectory == null) return null;
            string path = Path.Combine(sharedDirectory, name.Substring(SharedPrefix.Length));
            return File.Exists(path) ? new SeedModel(name, File.ReadAllBytes(path)) : null;
        }

        /// <summary>Conv, shape arithmetic, Reshape, Gemm, Softmax, Slice, Concat (the old MalformedInputFuzzTests seed).</summary>
        public static byte[] ConvGemm() =>
            new OnnxModelBuilder("fuzz", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, 1, 4, 4 })
                .Initializer("cw", new[] { 2, 1, 3, 3 }, Enumerable.Range(0, 18).Select(i => (i % 5 - 2) * 0.25f).ToArray())
                .Initializer("cb", new[] { 2 }, new[] { 0.5f, -0.5f })
                .Initializer("idx", new int[0], new long[] { 0 })
                .Initializer("axes", new[] { 1 }, new long[] { 0 })
                .Initializer("rest", new[] { 1 }, new long[] { -1 })
                .Initializer("gw", new[] { 3, 8 }, Enumerable.Range(0, 24).Select(i => i * 0.1f - 1f).ToArray())
                .Initializer("starts", new[] { 1 }, new long[] { 1 })
                .Initializer("ends", new[] { 1 }, new long[] { long.MaxValue })
                .Node("Conv", new[] { "x", "cw", "cb" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                .Node("Relu", new[] { "c" }, new[] { "r" }, name: "relu")
                .Node("MaxPool", new[] { "r" }, new[] { "p" }, name: "pool", attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2))
                .Node("Shape", new[] { "p" }, new[] { "ps" }, name: "shape")
                .Node("Gather", new[] { "ps", "idx" }, new[] { "n" }, name: "gather", attributes: a => a.Int("axis", 0))
                .Node("Unsqueeze", new[] { "n", "axes" }, new[] { "n1" }, name: "unsq")
                .Node("Concat", new[] { "n1", "rest" }, new[] { "target" }, name: "concat", attributes: a => a.Int("axis", 0))
                .Node("Reshape", new[] { "p", "target" }, new[] { "flat" }, name: "reshape")
                .Node("Gemm", new[] { "flat", "gw" }, new[] { "g" }, name: "gemm", attributes: a => a.Int("transB", 1))
                .Node("Slice", new[] { "g", "starts", "ends", "axes" }, new[] { "s" }, name: "slice")
                .Node("Softmax", new[] { "g" }, new[] { "y" }, name: "softmax", attributes: a => a.Int("axis", 1))
                .Output("y", ElementType.Float, new object[] { 1, 3 })
                .Output("s", ElementType.Float, null)
                .ToBytes();

        /// <summary>An If with two body graphs that read an outer value: the subgraph fields get mutated too.</summary>
        public static byte[] IfBranches()
        {
            var then = new OnnxModelBuilder("then", opset: 13)
                .Node("Add", new[] { "x", "x" }, new[] { "t" }, name: "twice")
                .Output("t", ElementType.Float, new object[] { 2, 3 });
            var otherwise = new OnnxModelBuilder("else", opset: 13)
                .Node("Neg", new[] { "x" }, new[] { "e" }, name: "neg")
                .Output("e", ElementType.Float, new object[] { 2, 3 });
            return new OnnxModelBuilder("branches", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 3 })
                .Input("flag", ElementType.Bool, new object[0])
                .Node("If", new[] { "flag" }, new[] { "y0" }, name: "choose", attributes: a => a.Graph("then_branch", then).Graph("else_branch", otherwise))
                .Node("Sigmoid", new[] { "y0" }, new[] { "y" }, name: "squash")
                .Output("y", ElementType.Float, new object[] { 2, 3 })
                .ToBytes();
        }

        /// <summary>Broadcasting elementwise ops with a symbolic batch dim, a Constant node and a Where.</summary>
        public static byte[] Elementwise() =>
            new OnnxModelBuilder("elementwise", opset: 17)
                .Input("a", ElementType.Float, new object[] { "batch", 4 })
                .Input("b", ElementType.Float, new object[] { 1, 4 })
                .Initializer("half", new int[0], new[] { 0.5f })
                .Node("Constant", new string[0], new[] { "k" }, name: "k", attributes: a => a.Tensor("value", new[] { 4 }, new[] { 1f, 2f, 3f, 4f }))
                .Node("Mul", new[] { "a", "k" }, new[] { "m" }, name: "mul")
                .Node("Add", new[] { "m", "b" }, new[] { "s" }, name: "add")
                .Node("Greater", new[] { "s", "half" }, new[] { "gt" }, name: "gt")
                .Node("Tanh", new[] { "s" }, new[] { "th" }, name: "tanh")
                .Node("Where", new[] { "gt", "th", "half" }, new[] { "w" }, name: "where")
                .Node("ReduceSum", new[] { "w" }, new[] { "y" }, name: "sum", attributes: a => a.Ints("axes", 1).Int("keepdims", 1))
                .Output("y", ElementType.Float, new object[] { "batch", 1 })
                .ToBytes();

        /// <summary>Integer attributes that index dims: Transpose perm, Split, Squeeze, Cast, Flatten, ArgMax, Expand.</summary>
        public static byte[] IntShapes() =>
            new OnnxModelBuilder("shapes", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 3, 4 })
                .Initializer("split", new[] { 2 }, new long[] { 1, 2 })
                .Initializer("sq", new[] { 1 }, new long[] { 0 })
                .Initializer("shape", new[] { 3 }, new long[] { 2, 4, 3 })
                .Node("Transpose", new[] { "x" }, new[] { "t" }, name: "tr", attributes: a => a.Ints("perm", 0, 2, 1))
                .Node("Split", new[] { "t", "split" }, new[] { "s1", "s2" }, name: "split", attributes: a => a.Int("axis", 2))
                .Node("Flatten", new[] { "s2" }, new[] { "f" }, name: "flat", attributes: a => a.Int("axis", 1))
                .Node("ArgMax", new[] { "s1" }, new[] { "am" }, name: "argmax", attributes: a => a.Int("axis", 1).Int("keepdims", 0))
                .Node("Cast", new[] { "am" }, new[] { "amf" }, name: "cast", attributes: a => a.Int("to", 1))
                .Node("Expand", new[] { "s1", "shape" }, new[] { "e" }, name: "expand")
                .Node("ReduceMax", new[] { "e" }, new[] { "r" }, name: "rmax", attributes: a => a.Ints("axes", 0).Int("keepdims", 0))
                .Output("f", ElementType.Float, new object[] { 2, 8 })
                .Output("amf", ElementType.Float, new object[] { 2, 1 })
                .Output("r", ElementType.Float, new object[] { 4, 1 })
                .ToBytes();
    }
}
