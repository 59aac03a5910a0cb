using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Compiler;

namespace ModelGen.Cli.Commands
{
    /// <summary><c>modelgen check model.onnx [--dims ...] [--no-optimize]</c>: compiles and reports every problem.</summary>
    internal static class CheckCommand
    {
        public static Command Create(CliIO io)
        {
            var model = ModelSource.ModelArgument();
            var dims = ModelSource.DimsOption();
            var noOptimize = ModelSource.NoOptimizeOption();
            var noWinograd = ModelSource.NoWinogradOption();
            var command = new Command("check",
                "Compiles the model and prints every problem, one per line, then a summary line.\n" +
                "Exit 0 when it compiles, 2 when it does not.")
            {
                model,
                dims,
                noOptimize,
                noWinograd,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, parse.GetValue(model)!, parse.GetValue(dims), parse.GetValue(noOptimize), parse.GetValue(noWinograd))));
            return command;
        }

        private static int Execute(CliIO io, string modelPath, string? dimsText, bool noOptimize, bool noWinograd)
        {
            byte[] bytes = ModelSource.ReadModel(modelPath);
            var bindings = ModelSource.ParseDims(dimsText);
            string className = ModelSource.ClassName(modelPath, null);
            var result = ModelCompiler.Compile(bytes, ModelSource.Options(modelPath, className, ModelSource.DefaultNamespace, bindings).WithOptimize(!noOptimize).WithWinograd(!noWinograd));
            ModelSource.PrintProblems(io.Out, result.Problems);
            string file = Path.GetFileName(modelPath);
            if (!result.Success)
            {
                io.Out.WriteLine(file + ": does not compile: " + ModelSource.Count(result.Problems) + ".");
                return ExitCodes.CompileProblems;
            }
            io.Out.WriteLine(file + ": compiles (" + ModelSource.Count(result.Problems) + ")" + Describe(result.Summary) + ".");
            return ExitCodes.Success;
        }

        /// <summary>": 12 nodes, arena 28,672 bytes (naive 91,136), symbolic dims: N".</summary>
        internal static string Describe(ModelSummary? s)
        {
            if (s == null) return "";
            var c = CultureInfo.InvariantCulture;
            string arena = s.ArenaBytes.HasValue
                ? "arena " + s.ArenaBytes.Value.ToString("N0", c) + " bytes in " + ModelSource.Plural(s.Slots, "slot") +
                  (s.NaiveBytes.HasValue ? " (" + s.NaiveBytes.Value.ToString("N0", c) + " without reuse)" : "")
                : "arena sized at run time (" + ModelSource.Plural(s.Slots, "slot") + ")";
            string symbols = s.SymbolicDims.Count == 0 ? "none" : string.Join(", ", s.SymbolicDims);
            string derived = s.LoadTimeBytes > 0 ? ", derived weights " + s.LoadTimeBytes.ToString("N0", c) + " bytes" : "";
            return ": " + ModelSource.Plural(s.Nodes, "node") + ", " + arena + derived + ", symbolic dims: " + symbols;
        }
    }
}
