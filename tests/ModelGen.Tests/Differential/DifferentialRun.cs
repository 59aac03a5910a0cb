using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Cli;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Differential
{
    internal enum DiffStatus
    {
        /// <summary>Both ran; every output has the same type and shape and its values agree within tolerance.</summary>
        Agreed,
        /// <summary>Both ran and the outputs differ: a bug on one side (see the ONNX spec for which).</summary>
        Disagreed,
        /// <summary>Disagreed, in a way <see cref="DifferentialKnownIssues"/> lists (an ORT deviation, or a ModelGen bug reported).</summary>
        KnownIssue,
        /// <summary>ONNX Runtime's CPU provider has no kernel for this op and type: nothing to compare against.</summary>
        NoOrtKernel,
        /// <summary>ModelGen reports MG errors for a case ONNX Runtime runs.</summary>
        Rejected,
        /// <summary>ONNX's schema does not allow the element type (ORT refuses the model), yet ModelGen accepts it: a schema finding, not compared.</summary>
        OutsideOnnx,
        /// <summary>Something threw, or the generated C# does not compile, or ORT refused the model for another reason.</summary>
        Broken,
    }

    internal sealed class DiffResult
    {
        public DiffResult(DiffCase test, DiffStatus status, DiffStats? stats, string message, DiffStats? ortHalf = null)
        {
            Case = test;
            Status = status;
            Stats = stats;
            Message = message;
            OrtHalf = ortHalf;
        }

        public DiffCase Case { get; }
        public DiffStatus Status { get; }
        public DiffStats? Stats { get; }
        public string Message { get; }

        /// <summary>For cases with a float reference: ORT's own float16 kernel against that reference (null when ORT has none).</summary>
        public DiffStats? OrtHalf { get; }

        public override string ToString() => Status + " " + Case.Family + " / " + Case.Name + (Message.Length > 0 ? ": " + Message : "");
    }

    /// <summary>
    /// Every differential case, run once per test process: ModelGen compiles all the models in one batch (the in-memory
    /// path of the conformance tests, <see cref="ModelBatch"/>), then each case runs on both runtimes and is compared.
    /// </summary>
    internal sealed class DifferentialRun
    {
        private static readonly Lazy<DifferentialRun> s_instance = new Lazy<DifferentialRun>(() => new DifferentialRun(DifferentialCases.All()));

        public static DifferentialRun Instance => s_instance.Value;

        private DifferentialRun(IReadOnlyList<DiffCase> cases)
        {
            // ONNX Runtime first (cheap): only the cases it can judge go through Roslyn.
            var clock = Stopwatch.StartNew();
            var results = new DiffResult?[cases.Count];
            var references = new (OrtOutcome Ort, OrtOutcome? Reference)[cases.Count];
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                results[i] = RunReference(cases[i], out var ort, out var reference);
                references[i] = (ort!, reference);
            });
            var referenceTime = clock.Elapsed;

            clock.Restart();
            string dir = TestPaths.NewTempDir();
            var compiled = Enumerable.Range(0, cases.Count).Where(i => results[i] == null).ToList();
            var paths = new List<string>();
            foreach (int i in compiled)
            {
                string path = Path.Combine(dir, "case" + i + ".onnx");
                File.WriteAllBytes(path, cases[i].Model);
                paths.Add(path);
            }
            var batch = ModelBatch.Compile(paths, new ModelBatchSettings { NamespacePrefix = "Differential" });
            CompileTime = clock.Elapsed;
            clock.Restart();
            Parallel.For(0, compiled.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
            {
                int i = compiled[k];
                results[i] = RunOne(cases[i], batch.Models[k], references[i].Ort, references[i].Reference);
            });
            RunTime = referenceTime + clock.Elapsed;
            Results = results.Select(r => r!).ToList();
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        public IReadOnlyList<DiffResult> Results { get; }

        /// <summary>ONNX → C# → assemblies for every case ONNX Runtime can judge.</summary>
        public TimeSpan CompileTime { get; }

        /// <summary>ONNX Runtime on every case, ModelGen on those compiled, and the comparisons.</summary>
        public TimeSpan RunTime { get; }

        /// <summary>
        /// ONNX Runtime on the case (and on its float reference model): a final result when there is nothing to compare
        /// against (no kernel, a type outside ONNX's schema, ORT failing), else null and the outcomes for <see cref="RunOne"/>.
        /// </summary>
        private static DiffResult? RunReference(DiffCase test, out OrtOutcome? ort, out OrtOutcome? reference)
        {
            ort = null;
            reference = null;
            try
            {
                ort = OrtReference.Run(test.Model, test.Inputs);
            }
            catch (Exception e) when (e.Message.Contains("Type Error: Type", StringComparison.Ordinal) && e.Message.Contains("is invalid", StringComparison.Ordinal))
            {
                // Only ONNX → C# (no Roslyn) to learn whether ModelGen accepts what ONNX's type constraints rule out.
                var compiled = ModelCompiler.Compile(test.Model, new CompileOptions("Model", "Differential.Schema", null, "ModelGen.case.onnx", new Dictionary<string, long>()));
                return new DiffResult(test, DiffStatus.OutsideOnnx, null, (compiled.Success ? "ModelGen accepts it" : "ModelGen rejects it too") + "; ONNX Runtime: " + FirstLine(e.Message));
            }
            catch (Exception e)
            {
                return new DiffResult(test, DiffStatus.Broken, null, "ONNX Runtime refused the model or threw: " + e.Message);
            }
            if (test.ReferenceModel != null)
            {
                try
                {
                    reference = OrtReference.Run(test.ReferenceModel, test.ReferenceInputs!);
                }
                catch (Exception e)
                {
                    return new DiffResult(test, DiffStatus.Broken, null, "ONNX Runtime threw on the float reference model: " + e.Message);
                }
                if (reference.NoKernel != null) return new DiffResult(test, DiffStatus.Broken, null, "ONNX Runtime has no float kernel for the reference model: " + FirstLine(reference.NoKernel));
                return null;
            }
            return ort.NoKernel != null ? new DiffResult(test, DiffStatus.NoOrtKernel, null, FirstLine(ort.NoKernel)) : null;
        }

        private static DiffResult RunOne(DiffCase test, BatchedModel m, OrtOutcome ort, OrtOutcome? reference)
        {
            if (m.CompileCrash != null) return new DiffResult(test, DiffStatus.Broken, null, m.CompileCrash);
            var compiled = m.Compiled!;
            if (!compiled.Success)
            {
                string problems = string.Join(" | ", compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.ToString()));
                if (compiled.Problems.Any(p => p.Id == DiagnosticIds.InternalError.Id)) return new DiffResult(test, DiffStatus.Broken, null, problems);
                return new DiffResult(test, DiffStatus.Rejected, null, problems);
            }
            if (m.CSharpErrors != null) return new DiffResult(test, DiffStatus.Broken, null, "the generated C# does not compile: " + m.CSharpErrors);

            IReadOnlyList<TensorFileData> ours;
            try
            {
                ours = RunModelGen(m.Load(), test.Inputs);
            }
            catch (Exception e)
            {
                return new DiffResult(test, DiffStatus.Broken, null, "ModelGen threw: " + e);
            }

            IReadOnlyList<TensorFileData> expected;
            DiffStats? ortHalf = null;
            if (reference != null)
            {
                expected = reference.Outputs!.Select(ToHalf).ToList();
                if (ort.Outputs != null && ort.Outputs.Count == expected.Count)
                {
                    ortHalf = new DiffStats();
                    for (int i = 0; i < expected.Count; i++) ortHalf.Merge(DiffComparer.Compare(ort.Outputs[i], expected[i], Tolerance.Half));
                }
            }
            else
            {
                expected = ort.Outputs!;
            }

            if (expected.Count != ours.Count)
                return new DiffResult(test, DiffStatus.Disagreed, null, "ModelGen gives " + ours.Count + " outputs, ONNX Runtime " + expected.Count);
            var stats = new DiffStats();
            for (int i = 0; i < ours.Count; i++)
                stats.Merge(DiffComparer.Compare(ours[i], expected[i], test.ToleranceOverride ?? Tolerance.For(expected[i].Type)));
            if (stats.Agree) return new DiffResult(test, DiffStatus.Agreed, stats, "", ortHalf);
            string why = stats.Mismatch ?? stats.Outside + " of " + stats.Elements + " elements outside tolerance; worst " + stats.Worst;
            var known = DifferentialKnownIssues.Find(test);
            return known != null
                ? new DiffResult(test, DiffStatus.KnownIssue, stats, why + " (known: " + known.Reason + ")", ortHalf)
                : new DiffResult(test, DiffStatus.Disagreed, stats, why, ortHalf);
        }

        /// <summary>A float output of the reference model rounded to half (to nearest, ties to even), as the float16 case's expected output.</summary>
        private static TensorFileData ToHalf(TensorFileData o)
        {
            if (o.Type != ElementType.Float) return o;
            var values = new TensorData(o.Type, o.Dims, o.Raw).AsDouble();
            return new TensorFileData(o.Name, ElementType.Float16, o.Dims, RandomTensors.Encode(ElementType.Float16, values.Select(v => (double)(float)v).ToArray()));
        }

        /// <summary>Binds the symbolic dims from the inputs (as the CLI does) and runs the allocating overload, which reports every output's dims.</summary>
        private static IReadOnlyList<TensorFileData> RunModelGen(ICompiledModel model, IReadOnlyList<DiffTensor> inputs)
        {
            var info = model.Info;
            var errors = new List<string>();
            var symbols = DimBinder.Bind(info, inputs.Select(t => new TensorFileData(t.Name, t.Type, t.Dims, t.Raw)).ToList(), errors);
            if (errors.Count > 0) throw new InvalidOperationException("the inputs do not fit: " + string.Join("; ", errors));
            int[] dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
            var results = model.Run(dims, inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray());
            return results.Select((r, i) => new TensorFileData(info.Outputs[i].Name, (ElementType)(int)info.Outputs[i].ElementType,
                r.Dims.Select(d => (long)d).ToArray(), r.Bytes)).ToList();
        }

        private static string FirstLine(string text)
        {
            int end = text.IndexOf('\n');
            return end < 0 ? text : text.Substring(0, end);
        }
    }
}
