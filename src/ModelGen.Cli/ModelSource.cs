using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;

namespace ModelGen.Cli
{
    /// <summary>The options every verb shares, and turning them into model bytes and <see cref="CompileOptions"/>.</summary>
    internal static class ModelSource
    {
        public const string DefaultNamespace = "ModelGen.Generated";

        public static Argument<string> ModelArgument() =>
            new Argument<string>("model") { Description = "Path of the .onnx file." };

        /// <summary>--no-optimize: only the passes every compile needs (see CompileOptions.Optimize), for comparison and bug reports.</summary>
        public static Option<bool> NoOptimizeOption() =>
            new Option<bool>("--no-optimize") { Description = "Switch the optimizing passes off (fusion, pattern recognition, BatchNormalization folding); folding, dead nodes and the load-time stage still run." };

        /// <summary>--no-winograd: 3×3 convolutions keep the direct algorithms (see CompileOptions.Winograd), whose rounding is the direct form's.</summary>
        public static Option<bool> NoWinogradOption() =>
            new Option<bool>("--no-winograd") { Description = "Keep 3×3 convolutions off Winograd F(4×4, 3×3), whose rounding differs from the direct form's (the ModelGenWinograd property)." };

        public static Option<string?> DimsOption() =>
            new Option<string?>("--dims")
            {
                Description = "Pins symbolic dims at compile time, like ONNX Runtime's free-dimension overrides: \"batch=1;N=16\".",
                HelpName = "name=value;...",
            };

        /// <summary>Reads the .onnx file; a missing file is a usage error.</summary>
        public static byte[] ReadModel(string path)
        {
            if (!File.Exists(path)) throw new UsageException("model file '" + path + "' not found.");
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliFailureException("cannot read '" + path + "': " + e.Message);
            }
        }

        public static Dictionary<string, long> ParseDims(string? text)
        {
            var errors = new List<string>();
            var dims = CompileOptions.ParseDims(text, errors);
            if (errors.Count > 0)
                throw new UsageException("--dims: cannot parse " + string.Join(", ", errors.Select(e => "'" + e + "'")) + "; expected \"name=positive integer\" entries separated by ';'.");
            return dims;
        }

        /// <summary>"mnist.onnx" → "Mnist"; checks a given name.</summary>
        public static string ClassName(string modelPath, string? given)
        {
            if (given == null) return Identifiers.Pascal(Path.GetFileNameWithoutExtension(modelPath));
            if (!SyntaxFacts.IsValidIdentifier(given) || SyntaxFacts.GetKeywordKind(given) != SyntaxKind.None)
                throw new UsageException("--class-name: '" + given + "' is not a valid C# class name.");
            return given;
        }

        public static string Namespace(string? given)
        {
            if (given == null) return DefaultNamespace;
            if (given.Length == 0) return given;
            if (given.Split('.').Any(p => !SyntaxFacts.IsValidIdentifier(p) || SyntaxFacts.GetKeywordKind(p) != SyntaxKind.None))
                throw new UsageException("--namespace: '" + given + "' is not a valid C# namespace.");
            return given;
        }

        public static CompileOptions Options(string modelPath, string className, string @namespace, IReadOnlyDictionary<string, long> dims) =>
            new CompileOptions(className, @namespace, Path.GetFullPath(modelPath), "ModelGen." + Path.GetFileName(modelPath), dims);

        /// <summary>"error MG0101: ... (node 'conv1', op Conv)".</summary>
        public static string Format(Problem p)
        {
            var where = new List<string>();
            if (!string.IsNullOrEmpty(p.NodeName)) where.Add("node '" + p.NodeName + "'");
            if (!string.IsNullOrEmpty(p.OpType)) where.Add("op " + p.OpType);
            return p.ToString() + (where.Count > 0 ? " (" + string.Join(", ", where) + ")" : "");
        }

        public static void PrintProblems(TextWriter w, IEnumerable<Problem> problems)
        {
            foreach (var p in problems) w.WriteLine(Format(p));
        }

        /// <summary>"3 errors, 1 warning".</summary>
        public static string Count(IReadOnlyList<Problem> problems)
        {
            int errors = problems.Count(p => p.Severity == ProblemSeverity.Error);
            int warnings = problems.Count(p => p.Severity == ProblemSeverity.Warning);
            return Plural(errors, "error") + ", " + Plural(warnings, "warning");
        }

        public static string Plural(long n, string word) => n + " " + word + (n == 1 ? "" : "s");
    }
}
