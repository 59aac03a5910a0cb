using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Runtime;

namespace ModelGen.Cli.Conformance
{
    /// <summary>One model's generated sources, to be compiled together with others; <see cref="Key"/> is a path-safe tag ("T12").</summary>
    internal sealed class BatchUnit
    {
        public BatchUnit(string key, IReadOnlyList<GeneratedSource> sources)
        {
            Key = key;
            Sources = sources;
        }

        public string Key { get; }
        public IReadOnlyList<GeneratedSource> Sources { get; }
    }

    /// <summary>What compiling a batch gave: the loaded assembly of every unit that compiled, and the C# errors of those that did not.</summary>
    internal sealed class BatchResult
    {
        public BatchResult(Assembly? assembly, IReadOnlyDictionary<string, string> errors, IReadOnlyList<TimeSpan> rounds)
        {
            Assembly = assembly;
            Errors = errors;
            RoundTimes = rounds;
        }

        /// <summary>Null only when no unit compiled.</summary>
        public Assembly? Assembly { get; }

        /// <summary>Unit key → the C# compiler errors its generated code has (a ModelGen compiler bug each).</summary>
        public IReadOnlyDictionary<string, string> Errors { get; }

        /// <summary>All Roslyn rounds together.</summary>
        public TimeSpan Elapsed => RoundTimes.Aggregate(TimeSpan.Zero, (a, b) => a + b);

        /// <summary>Time of each Roslyn compilation: one when everything compiled at once.</summary>
        public IReadOnlyList<TimeSpan> RoundTimes { get; }

        public int Rounds => RoundTimes.Count;
    }

    /// <summary>
    /// Compiles the generated sources of many models into ONE Release assembly with the CLI's in-memory Roslyn
    /// compiler (one compilation is far cheaper than one per model). Each unit's files get the hint-name prefix
    /// "Key/", so a C# error is blamed on the model whose generated code holds it; those units are dropped and the
    /// rest compiled again, so one compiler bug does not take every other model down with it.
    /// </summary>
    internal static class InMemoryBatch
    {
        public static BatchResult Compile(IReadOnlyList<BatchUnit> units, string assemblyName)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var remaining = units.ToList();
            var times = new List<TimeSpan>();
            while (remaining.Count > 0)
            {
                int rounds = times.Count + 1;
                var sources = remaining.SelectMany(u => u.Sources.Select(s => new GeneratedSource(u.Key + "/" + s.HintName, s.Text))).ToList();
                var compiled = InMemoryCompiler.Compile(sources, assemblyName + ".r" + rounds + "." + Guid.NewGuid().ToString("N"));
                times.Add(compiled.Elapsed);
                if (compiled.Assembly != null) return new BatchResult(compiled.Assembly, errors, times);

                var keys = new HashSet<string>(remaining.Select(u => u.Key), StringComparer.Ordinal);
                var blamed = new Dictionary<string, List<Diagnostic>>(StringComparer.Ordinal);
                var unplaced = new List<Diagnostic>();
                foreach (var e in compiled.Errors)
                {
                    string path = e.Location.SourceTree?.FilePath ?? "";
                    int slash = path.IndexOf('/');
                    string key = slash > 0 ? path.Substring(0, slash) : "";
                    if (keys.Contains(key))
                    {
                        if (!blamed.TryGetValue(key, out var list)) blamed[key] = list = new List<Diagnostic>();
                        list.Add(e);
                    }
                    else unplaced.Add(e);
                }
                if (blamed.Count == 0 || rounds >= 5)
                {
                    // Errors no unit can be blamed for (or no progress): every remaining unit fails with them.
                    string text = Describe(compiled.Errors.Count > 0 ? compiled.Errors : unplaced);
                    foreach (var u in remaining) errors[u.Key] = text;
                    return new BatchResult(null, errors, times);
                }
                foreach (var pair in blamed) errors[pair.Key] = Describe(pair.Value);
                remaining = remaining.Where(u => !blamed.ContainsKey(u.Key)).ToList();
            }
            return new BatchResult(null, errors, times);
        }

        private static string Describe(IReadOnlyList<Diagnostic> diagnostics)
        {
            var lines = diagnostics.Take(8).Select(d => d.ToString()).ToList();
            if (diagnostics.Count > 8) lines.Add("... and " + (diagnostics.Count - 8) + " more");
            return string.Join(Environment.NewLine, lines);
        }

        /// <summary>Creates an instance of a generated class over the weights in <paramref name="modelPath"/> (its static FromFile).</summary>
        public static ICompiledModel Load(Assembly assembly, string typeName, string modelPath)
        {
            var type = assembly.GetType(typeName, throwOnError: false)
                       ?? throw new InvalidOperationException("The generated assembly has no class " + typeName + ".");
            var fromFile = type.GetMethod("FromFile", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null)
                           ?? throw new InvalidOperationException(typeName + " has no public static FromFile(string).");
            object? instance;
            try
            {
                instance = fromFile.Invoke(null, new object[] { modelPath });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new InvalidOperationException(typeName + ".FromFile(\"" + modelPath + "\") threw " + e.InnerException, e.InnerException);
            }
            return instance as ICompiledModel ?? throw new InvalidOperationException(typeName + " does not implement ICompiledModel.");
        }
    }
}
