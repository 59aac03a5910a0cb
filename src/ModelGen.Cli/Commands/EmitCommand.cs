using System;
using System.CommandLine;
using System.IO;
using System.Text;
using ModelGen.Compiler;

namespace ModelGen.Cli.Commands
{
    /// <summary><c>modelgen emit model.onnx -o dir</c>: writes the generated C# files.</summary>
    internal static class EmitCommand
    {
        public static Command Create(CliIO io)
        {
            var model = ModelSource.ModelArgument();
            var output = new Option<string>("--output", "-o") { Description = "Folder to write the .cs files into (created if missing).", Required = true, HelpName = "dir" };
            var className = new Option<string?>("--class-name") { Description = "Name of the generated class [default: from the file name, 'mnist.onnx' gives Mnist].", HelpName = "name" };
            var ns = new Option<string?>("--namespace") { Description = "Namespace of the generated class [default: " + ModelSource.DefaultNamespace + "; \"\" for the global namespace].", HelpName = "name" };
            var dims = ModelSource.DimsOption();
            var noOptimize = ModelSource.NoOptimizeOption();
            var noWinograd = ModelSource.NoWinogradOption();
            var command = new Command("emit",
                "Compiles the model and writes the generated C# files (the class, its Predict API, its Run methods) into a folder.\n" +
                "Exit 0 when written, 2 when the model does not compile.")
            {
                model,
                output,
                className,
                ns,
                dims,
                noOptimize,
                noWinograd,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(className), parse.GetValue(ns), parse.GetValue(dims),
                parse.GetValue(noOptimize), parse.GetValue(noWinograd))));
            return command;
        }

        private static int Execute(CliIO io, string modelPath, string outputDir, string? classNameText, string? nsText, string? dimsText, bool noOptimize, bool noWinograd)
        {
            byte[] bytes = ModelSource.ReadModel(modelPath);
            var bindings = ModelSource.ParseDims(dimsText);
            string className = ModelSource.ClassName(modelPath, classNameText);
            string ns = ModelSource.Namespace(nsText);
            var result = ModelCompiler.Compile(bytes, ModelSource.Options(modelPath, className, ns, bindings).WithOptimize(!noOptimize).WithWinograd(!noWinograd));
            if (!result.Success)
            {
                ModelSource.PrintProblems(io.Err, result.Problems);
                io.Err.WriteLine(Path.GetFileName(modelPath) + ": does not compile: " + ModelSource.Count(result.Problems) + "; nothing written.");
                return ExitCodes.CompileProblems;
            }
            ModelSource.PrintProblems(io.Err, result.Problems);
            try
            {
                Directory.CreateDirectory(outputDir);
                foreach (var source in result.Sources)
                {
                    string path = Path.Combine(outputDir, source.HintName);
                    File.WriteAllText(path, source.Text, new UTF8Encoding(false));
                    io.Out.WriteLine("wrote " + path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliFailureException("cannot write to '" + outputDir + "': " + e.Message);
            }
            io.Out.WriteLine(Path.GetFileName(modelPath) + ": " + ModelSource.Plural(result.Sources.Count, "file") + " for class " +
                             (ns.Length > 0 ? ns + "." : "") + className + CheckCommand.Describe(result.Summary) + ".");
            return ExitCodes.Success;
        }
    }
}
