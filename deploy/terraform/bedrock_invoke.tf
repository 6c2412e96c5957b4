# IAM policy for the Pallas bedrock provider (Converse and ConverseStream).
# Attach it to the role of the instance, container task or pod that runs `pallas serve`.
# The inference-profile resource is needed for cross-region ids (us., eu., apac., global.).
resource "aws_iam_policy" "bedrock_invoke" {
  name        = "bedrock-invoke"
  description = "Invoke Bedrock foundation models and cross-region inference profiles (Pallas bedrock provider)"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = [
          "bedrock:InvokeModel",
          "bedrock:InvokeModelWithResponseStream",
        ]
        Resource = [
          "arn:aws:bedrock:*::foundation-model/*",
          "arn:aws:bedrock:*:*:inference-profile/*",
        ]
      }
    ]
  })
}
