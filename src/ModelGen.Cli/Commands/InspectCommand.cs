using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Compiler.Inspection;

namespace ModelGen.Cli.Commands
{
    /// <summary>
    /// <c>modelgen inspect model.onnx [--ir [--after stage-or-pass]] [--lowered] [--json] [--dims ...]</c>: shows what the
    /// compiler made of the model: the IR text after a stage or pass, the lowered kernel calls, and figures as JSON.
    /// </summary>
    internal static class InspectCommand
    {
        public static Command Create(CliIO io)
        {
            var model = ModelSource.ModelArgument();
            var dims = ModelSource.DimsOption();
            var ir = new Option<bool>("--ir") { Description = "Print the IR text (after the passes, or after --after)." };
            var after = new Option<string?>("--after") { Description = "With --ir: the stage (" + string.Join(", ", ModelInspector.Stages) + ") or pass (" + string.Join(", ", ModelInspector.PassNames) + ") to stop after." };
            var lowered = new Option<bool>("--lowered") { Description = "Print the lowered kernel calls." };
            var json = new Option<bool>("--json") { Description = "Print one JSON object of figures: node and op counts, kernel calls, arena, weight and load-time bytes, fusions, passes, symbols." };
            var noOptimize = ModelSource.NoOptimizeOption();
            var noWinograd = ModelSource.NoWinogradOption();
            var command = new Command("inspect",
                "Shows what the compiler made of the model: the IR (--ir, --after), the kernel calls (--lowered), figures (--json).\n" +
                "With none of them, prints the figures as text. Exit 0 when it compiles, 2 when it does not.")
            {
                model, dims, ir, after, lowered, json, noOptimize, noWinograd,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, parse.GetValue(model)!, parse.GetValue(dims), parse.GetValue(ir), parse.GetValue(after), parse.GetValue(lowered), parse.GetValue(json), parse.GetValue(noOptimize),
                parse.GetValue(noWinograd))));
            return command;
        }

        private static int Execute(CliIO io, string modelPath, string? dimsText, bool ir, string? after, bool lowered, bool json, bool noOptimize, bool noWinograd)
        {
            if (after != null && !ModelInspector.Stages.Contains(after) && !ModelInspector.PassNames.Contains(after))
                throw new UsageException("--after '" + after + "' is neither a stage (" + string.Join(", ", ModelInspector.Stages) + ") nor a pass (" + string.Join(", ", ModelInspector.PassNames) + ").");
            byte[] bytes = ModelSource.ReadModel(modelPath);
            var bindings = ModelSource.ParseDims(dimsText);
            var options = ModelSource.Options(modelPath, ModelSource.ClassName(modelPath, null), ModelSource.DefaultNamespace, bindings).WithOptimize(!noOptimize).WithWinograd(!noWinograd);
            var report = ModelInspector.Inspect(bytes, options, after);
            ModelSource.PrintProblems(io.Err, report.Result.Problems);
            if (ir && report.Ir != null) io.Out.WriteLine(report.Ir);
            if (lowered && report.Lowered != null) io.Out.Write(report.Lowered);
            if (json && report.Stats != null) io.Out.WriteLine(Json(report.Stats));
            if (!ir && !lowered && !json && report.Stats != null) io.Out.Write(Text(report.Stats));
            if (!report.Result.Success)
            {
                io.Err.WriteLine(Path.GetFileName(modelPath) + ": does not compile: " + ModelSource.Count(report.Result.Problems) + ".");
                return ExitCodes.CompileProblems;
            }
            return ExitCodes.Success;
        }

        private static string Json(InspectStats s)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("nodesBefore", s.NodesBefore);
                w.WriteNumber("nodesAfter", s.NodesAfter);
                Counts(w, "opCountsAfter", s.OpCountsAfter);
                Counts(w, "kernelCalls", s.KernelCalls);
                Counts(w, "loadTimeKernelCalls", s.LoadTimeKernelCalls);
                Number(w, "arenaBytes", s.ArenaBytes);
                Number(w, "naiveBytes", s.NaiveBytes);
                Number(w, "liveLowerBoundBytes", s.LiveLowerBoundBytes);
                w.WriteNumber("weightBytes", s.WeightBytes);
                w.WriteNumber("loadTimeBytes", s.LoadTimeBytes);
                Counts(w, "fusions", s.Fusions);
                Counts(w, "passes", s.Passes);
                w.WriteStartObject("symbols");
                foreach (var kv in s.Symbols) w.WriteString(kv.Key, kv.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void Counts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, int>> counts)
        {
            w.WriteStartObject(name);
            foreach (var kv in counts) w.WriteNumber(kv.Key, kv.Value);
            w.WriteEndObject();
        }

        private static void Number(Utf8JsonWriter w, string name, long? value)
        {
            if (value.HasValue) w.WriteNumber(name, value.Value); else w.WriteNull(name);
        }

        private static string Text(InspectStats s) =>
            "nodes: " + s.NodesBefore + " imported, " + s.NodesAfter + " after the passes\n" +
            "ops: " + string.Join(", ", s.OpCountsAfter.Select(kv => kv.Key + " " + kv.Value)) + "\n" +
            "kernel calls: " + string.Join(", ", s.KernelCalls.Select(kv => kv.Key + " " + kv.Value)) + "\n" +
            "arena: " + (s.ArenaBytes?.ToString() ?? "sized at run time") + " bytes (naive " + (s.NaiveBytes?.ToString() ?? "-") + "), weights " + s.WeightBytes + " bytes, load-time " + s.LoadTimeBytes + " bytes\n" +
            "fusions: " + (s.Fusions.Count == 0 ? "none" : string.Join(", ", s.Fusions.Select(kv => kv.Key + " " + kv.Value))) + "\n" +
            "passes: " + string.Join(", ", s.Passes.Select(kv => kv.Key + " " + kv.Value)) + "\n" +
            "symbols: " + (s.Symbols.Count == 0 ? "none" : string.Join(", ", s.Symbols.Select(kv => kv.Key + " (" + kv.Value + ")"))) + "\n";
    }
}
