using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Cli;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Inspection;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.ModelFactory;
using ModelGen.Runtime;
using ModelGen.Tests.Differential;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Passes
{
    /// <summary>
    /// The pattern passes on whole models: the factory's BERT-style encoder and one submodel per pattern, compiled
    /// optimised (in one Roslyn batch), run, and compared with ONNX Runtime (rtol 1e-3, atol 1e-4); each must also
    /// show the fusions it was built for.
    /// </summary>
    public sealed class PatternNumericTests
    {
        private static readonly Tolerance Tol = new Tolerance(1e-3, 1e-4, "pattern fusions: statistics in double, one kernel instead of the written steps");

        private sealed record Case(string Name, byte[] Model, IReadOnlyList<RawTensor> Inputs, string[] Fusions);

        private static IEnumerable<Case> Cases()
        {
            var bert = new BertOptions(Layers: 2, Hidden: 64, Heads: 4, Seq: 16, Vocab: 100, Seed: 3);
            yield return new Case("bert-encoder", BertEncoderBuilder.Build(bert), BertInputs.Make(bert), new[] { "attention=2", "gelu=2", "layernorm=5" });
            var kinds = new Dictionary<string, string>
            {
                ["gelu-erf"] = "gelu=1", ["gelu-tanh"] = "gelu=1", ["rmsnorm"] = "rmsnorm=1", ["hardswish"] = "hardswish=1",
                ["hardswish-hardsigmoid"] = "hardswish=1", ["softmax"] = "softmax=1", ["layernorm-reciprocal"] = "layernorm=1",
            };
            var w = new Weights(7);
            foreach (var m in PatternModels.All())
                yield return new Case(m.Name, m.Model, m.Inputs.Select(i => new RawTensor(i.Name, ElementType.Float, i.Dims,
                    OrtRun.Bytes(w.Uniform((int)i.Dims.Aggregate(1L, (a, b) => a * b), -4, 4)))).ToList(), new[] { kinds[m.Name] });
        }

        [Fact]
        public void FusedModelsAgreeWithOnnxRuntime()
        {
            var cases = Cases().ToList();
            string dir = TestPaths.NewTempDir();
            var paths = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                string path = Path.Combine(dir, "pattern" + i + ".onnx");
                File.WriteAllBytes(path, cases[i].Model);
                paths.Add(path);
            }
            var batch = ModelBatch.Compile(paths, new ModelBatchSettings { NamespacePrefix = "Patterns" });
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var m = batch.Models[i];
                if (m.CompileCrash != null || m.Compiled == null || !m.Compiled.Success || m.CSharpErrors != null)
                {
                    failures.Add(c.Name + ": does not compile: " + (m.CompileCrash ?? m.CSharpErrors ?? string.Join(" | ", m.Compiled?.Problems ?? (IReadOnlyList<Problem>)Array.Empty<Problem>())));
                    continue;
                }
                var stats = ModelInspector.Inspect(c.Model, CompileOptions.Default).Stats!;
                var fusions = stats.Fusions.Select(f => f.Key + "=" + f.Value).ToList();
                foreach (var expected in c.Fusions)
                    if (!fusions.Contains(expected)) failures.Add(c.Name + ": expected fusion " + expected + ", got [" + string.Join(", ", fusions) + "]");

                var ours = Run(m.Load(), c.Inputs);
                var reference = OrtRun.Run(c.Model, c.Inputs);
                if (ours.Count != reference.Count) failures.Add(c.Name + ": " + ours.Count + " outputs, ONNX Runtime " + reference.Count);
                for (int k = 0; k < Math.Min(ours.Count, reference.Count); k++)
                {
                    var r = reference[k];
                    var diff = DiffComparer.Compare(ours[k], new TensorFileData(r.Name, r.Type, r.Dims, r.Raw), Tol);
                    if (!diff.Agree) failures.Add(c.Name + ": output " + k + ": " + (diff.Mismatch ?? diff.Outside + " of " + diff.Elements + " outside tolerance; worst " + diff.Worst));
                }
            }
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>Binds the symbolic dims from the inputs (as the CLI does) and runs the allocating overload.</summary>
        private static IReadOnlyList<TensorFileData> Run(ICompiledModel model, IReadOnlyList<RawTensor> inputs)
        {
            var info = model.Info;
            var errors = new List<string>();
            var symbols = DimBinder.Bind(info, inputs.Select(t => new TensorFileData(t.Name, t.Type, t.Dims, t.Raw)).ToList(), errors);
            Assert.Empty(errors);
            int[] dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
            var results = model.Run(dims, inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray());
            return results.Select((r, i) => new TensorFileData(info.Outputs[i].Name, (ElementType)(int)info.Outputs[i].ElementType,
                r.Dims.Select(d => (long)d).ToArray(), r.Bytes)).ToList();
        }
    }
}
