using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using ModelGen.Compiler;
using ModelGen.Runtime;

namespace ModelGen.Cli.Conformance
{
    /// <summary>One model of a <see cref="ModelBatch"/> and what compiling it gave.</summary>
    internal sealed class BatchedModel
    {
        public BatchedModel(int index, string modelPath, string @namespace)
        {
            Index = index;
            ModelPath = modelPath;
            Namespace = @namespace;
        }

        public int Index { get; }
        public string ModelPath { get; }

        /// <summary>"Conformance.T12": each model gets its own namespace, its class is always "Model".</summary>
        public string Namespace { get; }

        public string TypeName => Namespace + ".Model";

        /// <summary>The hint-name prefix that blames a C# error on this model (see <see cref="InMemoryBatch"/>).</summary>
        public string Key => "T" + Index;

        /// <summary>ONNX → C#; null when ModelCompiler threw or hung (see <see cref="CompileCrash"/>).</summary>
        public CompileResult? Compiled { get; internal set; }

        /// <summary>The exception that escaped ModelCompiler.Compile, or the timeout it ran past.</summary>
        public string? CompileCrash { get; internal set; }

        /// <summary>The C# errors of this model's generated code (a ModelGen emitter bug), or why its chunk built nothing.</summary>
        public string? CSharpErrors { get; internal set; }

        /// <summary>The assembly holding <see cref="TypeName"/>: set only when the model compiled all the way.</summary>
        public Assembly? Assembly { get; internal set; }

        /// <summary>A new instance over the weights in the .onnx file (the generated static FromFile).</summary>
        public ICompiledModel Load() =>
            InMemoryBatch.Load(Assembly ?? throw new InvalidOperationException(TypeName + " was not built."), TypeName, ModelPath);
    }

    /// <summary>How to compile a batch; the defaults suit the ONNX backend suites.</summary>
    internal sealed class ModelBatchSettings
    {
        /// <summary>Models compiled (ONNX → C#) at once, and Roslyn compilations at once.</summary>
        public int Jobs { get; set; } = Environment.ProcessorCount;

        /// <summary>
        /// Models per Roslyn compilation. One compilation of everything is cheapest, but a C# error in one model forces
        /// another round over all the rest; a few hundred per compilation keeps both costs small and lets chunks overlap.
        /// </summary>
        public int ChunkSize { get; set; } = 250;

        /// <summary>Longest one ModelCompiler.Compile may take before it counts as hung.</summary>
        public TimeSpan CompileTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>False compiles with the optimizing passes off (modelgen conformance --no-optimize).</summary>
        public bool Optimize { get; set; } = true;

        /// <summary>The first part of each model's namespace ("Conformance" → "Conformance.T12").</summary>
        public string NamespacePrefix { get; set; } = "Conformance";

        /// <summary>Called with a progress line now and then (from any thread, one call at a time).</summary>
        public Action<string>? Progress { get; set; }
    }

    /// <summary>What compiling a batch gave, model by model, and where the time went.</summary>
    internal sealed class ModelBatchResult
    {
        public ModelBatchResult(IReadOnlyList<BatchedModel> models, TimeSpan onnxTime, TimeSpan roslynWall, IReadOnlyList<TimeSpan> roslynRounds)
        {
            Models = models;
            OnnxTime = onnxTime;
            RoslynWall = roslynWall;
            RoslynRounds = roslynRounds;
        }

        /// <summary>In the order of the paths given.</summary>
        public IReadOnlyList<BatchedModel> Models { get; }

        /// <summary>Wall time of ONNX → C# for every model.</summary>
        public TimeSpan OnnxTime { get; }

        /// <summary>Wall time of C# → assemblies (chunks overlap, so less than the sum of the rounds).</summary>
        public TimeSpan RoslynWall { get; }

        /// <summary>Each Roslyn compilation's own time, chunk by chunk.</summary>
        public IReadOnlyList<TimeSpan> RoslynRounds { get; }
    }

    /// <summary>
    /// Compiles many models for running in this process: each through ModelCompiler (in parallel, each bounded by a
    /// timeout, an exception kept as data), then the generated C# of those that compiled, a chunk of models per Roslyn
    /// compilation (one Release assembly each; see <see cref="InMemoryBatch"/>). The conformance command and the
    /// conformance tests share it.
    /// </summary>
    internal static class ModelBatch
    {
        public static ModelBatchResult Compile(IReadOnlyList<string> modelPaths, ModelBatchSettings settings)
        {
            var progress = new ProgressLine(settings.Progress);
            var models = modelPaths.Select((p, i) => new BatchedModel(i, p, settings.NamespacePrefix + ".T" + i)).ToArray();

            // 1. ONNX → C#.
            var clock = Stopwatch.StartNew();
            int done = 0;
            Parallel.ForEach(models, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Jobs) }, m =>
            {
                CompileOne(m, settings.CompileTimeout, settings.Optimize);
                int n = Interlocked.Increment(ref done);
                progress.Report(() => "onnx -> c#: " + n + "/" + models.Length + " models, " + Seconds(clock.Elapsed), n == models.Length);
            });
            var onnxTime = clock.Elapsed;

            // 2. C# → assemblies, a chunk of models per compilation.
            clock.Restart();
            var ready = models.Where(m => m.Compiled != null && m.Compiled.Success).ToList();
            int size = Math.Max(1, settings.ChunkSize);
            var chunks = Enumerable.Range(0, (ready.Count + size - 1) / size).Select(c => ready.Skip(c * size).Take(size).ToList()).ToList();
            var rounds = new List<TimeSpan>[chunks.Count];
            int built = 0;
            Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(settings.Jobs, 2)) }, c =>
            {
                var chunk = chunks[c];
                var batch = InMemoryBatch.Compile(chunk.Select(m => new BatchUnit(m.Key, m.Compiled!.Sources)).ToList(), settings.NamespacePrefix + ".c" + c);
                rounds[c] = batch.RoundTimes.ToList();
                foreach (var m in chunk)
                {
                    if (batch.Errors.TryGetValue(m.Key, out string? errors)) m.CSharpErrors = errors;
                    else if (batch.Assembly == null) m.CSharpErrors = "the chunk's assembly was not built";
                    else m.Assembly = batch.Assembly;
                }
                int n = Interlocked.Add(ref built, chunk.Count);
                progress.Report(() => "c# -> assemblies: " + n + "/" + ready.Count + " models (chunk " + (c + 1) + " of " + chunks.Count + ": " +
                                      Seconds(batch.Elapsed) + (batch.Rounds > 1 ? " in " + batch.Rounds + " rounds" : "") + "), " + Seconds(clock.Elapsed), true);
            });
            return new ModelBatchResult(models, onnxTime, clock.Elapsed, rounds.SelectMany(r => r).ToList());
        }

        private static void CompileOne(BatchedModel m, TimeSpan timeout, bool optimize)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(m.ModelPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                m.CompileCrash = "cannot read " + m.ModelPath + ": " + e.Message;
                return;
            }
            var options = new CompileOptions("Model", m.Namespace, m.ModelPath, "ModelGen." + m.Key + ".onnx", new Dictionary<string, long>(), optimize: optimize);
            if (!Bounded.TryRun(() => ModelCompiler.Compile(bytes, options), timeout, out CompileResult result, out Exception? thrown))
                m.CompileCrash = "ModelCompiler.Compile did not finish within " + Seconds(timeout) + " (a hang in the compiler)";
            else if (thrown != null)
                m.CompileCrash = "ModelCompiler.Compile threw (it must never throw): " + thrown;
            else
                m.Compiled = result;
        }

        internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";
    }

    /// <summary>Progress for a human: a line at most every two seconds, and the last one always.</summary>
    internal sealed class ProgressLine
    {
        private static readonly TimeSpan s_every = TimeSpan.FromSeconds(2);
        private readonly Action<string>? _write;
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly object _lock = new object();

        public ProgressLine(Action<string>? write)
        {
            _write = write;
        }

        public void Report(Func<string> line, bool always)
        {
            if (_write == null) return;
            lock (_lock)
            {
                if (!always && _since.Elapsed < s_every) return;
                _since.Restart();
                _write(line());
            }
        }
    }
}
