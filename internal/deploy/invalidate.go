package deploy

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// Invalidator asks a CDN to drop its cached copies of paths.
type Invalidator interface {
	Invalidate(ctx context.Context, paths []string) error
}

// maxInvalidationPaths is CloudFront's limit on paths in invalidations in
// progress; a deploy that changed more invalidates "/*" instead.
const maxInvalidationPaths = 3000

// invalidationAPI is the part of the CloudFront client kitgen uses, so
// tests can stand in for it.
type invalidationAPI interface {
	CreateInvalidation(ctx context.Context, in *cloudfront.CreateInvalidationInput, opts ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error)
}

// CloudFront invalidates paths of one CloudFront distribution.
type CloudFront struct {
	Distribution string
	api          invalidationAPI
	now          func() time.Time
}

// NewCloudFront returns an invalidator for a distribution, with
// credentials from AWS's standard environment variables and files.
func NewCloudFront(ctx context.Context, distribution string) (*CloudFront, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading AWS credentials for the CloudFront invalidation: %w", err)
	}
	return &CloudFront{Distribution: distribution, api: cloudfront.NewFromConfig(cfg), now: time.Now}, nil
}

// Invalidate creates one invalidation for paths.
func (c *CloudFront) Invalidate(ctx context.Context, paths []string) error {
	if len(paths) > maxInvalidationPaths {
		paths = []string{"/*"}
	}
	// The caller reference only has to be unique per request; CloudFront
	// takes a repeated one as a retry of the same request.
	ref := "kitgen-" + strconv.FormatInt(c.now().UnixNano(), 10)
	_, err := c.api.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(c.Distribution),
		InvalidationBatch: &cftypes.InvalidationBatch{
			CallerReference: aws.String(ref),
			Paths:           &cftypes.Paths{Quantity: aws.Int32(int32(len(paths))), Items: paths},
		},
	})
	if err != nil {
		return fmt.Errorf("CloudFront distribution %s: %w", c.Distribution, err)
	}
	return nil
}
