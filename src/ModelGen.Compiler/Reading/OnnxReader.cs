using System;
using Google.Protobuf;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>Stage 1: bytes to a protobuf ModelProto. A truncated or corrupt file becomes MG0001, never an exception.</summary>
    internal static class OnnxReader
    {
        public static ModelProto? Read(byte[] bytes, ProblemBag problems)
        {
            if (bytes.Length == 0)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is empty.");
                return null;
            }
            ModelProto model;
            try
            {
                // Recursion limit guards against hostile, deeply nested messages.
                var input = new CodedInputStream(bytes);
                model = ModelProto.Parser.ParseFrom(input);
                if (!input.IsAtEnd) throw new InvalidOperationException("trailing bytes after the message");
            }
            catch (InvalidProtocolBufferException e)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is not a valid ONNX protobuf message (" + e.Message.TrimEnd('.') + "). It may be truncated or corrupt.");
                return null;
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is OverflowException || e is IndexOutOfRangeException)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is not a valid ONNX protobuf message (" + e.GetType().Name + ": " + e.Message + ").");
                return null;
            }
            if (model.Graph == null)
            {
                problems.Add(DiagnosticIds.MissingGraph, "The model has no graph (ModelProto.graph is missing).");
                return null;
            }
            return model;
        }
    }
}
