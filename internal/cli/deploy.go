package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/deploy"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/spf13/cobra"
)

func (e *env) deployCmd() *cobra.Command {
	var (
		src, dest, target string
		o                 deploy.Options
		invalidate        bool
	)
	c := &cobra.Command{
		Use:   "deploy [flags]",
		Short: "Upload the built site to S3, Google Cloud Storage, Azure Blob or a folder",
		Long: `Deploy uploads the built site (public/, or --destination) to the target in
kitgen.yaml's deploy.target, or --target: s3://BUCKET?region=REGION (with
&endpoint=URL&use_path_style=true for S3-compatible stores), gs://BUCKET,
azblob://CONTAINER or file:///PATH.

It uploads only files whose checksum differs, with their Content-Type and
the Cache-Control that _headers gives their path, in an order no visitor
notices: assets and PDFs, then pages, then the sitemap, robots.txt and the
kit feed, and deletions last. It never deletes a recorded kit version's PDF.

Credentials come only from each provider's standard environment and files
(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws; for gs://, the file
GOOGLE_APPLICATION_CREDENTIALS names, gcloud's application default
credentials or the metadata server on Google Cloud; AZURE_STORAGE_ACCOUNT
with AZURE_STORAGE_KEY), never from kitgen.yaml.`,
		Example: `  kitgen build && kitgen deploy --dry-run
  kitgen deploy --target s3://partners-site?region=us-east-1 --invalidate`,
		Args: noArgs(""),
		RunE: func(c *cobra.Command, args []string) error {
			diags := &diag.List{}
			cfg := config.Load(os.DirFS(src), diags)
			if diags.Failed(false) {
				e.reportDiags(diags.Sorted(), "text", false)
				return exitStatus(1)
			}
			fromConfig := target == ""
			if fromConfig {
				target = cfg.Deploy.Target
			}
			if target == "" {
				return usagef("kitgen deploy: no target; set deploy.target in %s (e.g. s3://BUCKET?region=us-east-1) or pass --target", config.FileName)
			}
			if err := deploy.CheckTarget(target); err != nil {
				if fromConfig {
					fmt.Fprintf(e.stderr, "%s:%d: error: config: %v\n", config.FileName, cfg.Deploy.TargetLine, err)
					return exitStatus(1)
				}
				return usagef("kitgen deploy: %v", err)
			}
			if invalidate && cfg.Deploy.CloudFrontDistribution == "" {
				return usagef("kitgen deploy: --invalidate needs the CloudFront distribution: set deploy.cloudfront_distribution_id in %s", config.FileName)
			}
			o.Dir = dest
			if o.Dir == "" {
				o.Dir = filepath.Join(src, "public")
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			b, err := deploy.Open(ctx, target)
			if err != nil {
				fmt.Fprintf(e.stderr, "kitgen deploy: %v\n", err)
				return exitStatus(1)
			}
			defer b.Close()
			o.Bucket = b
			if invalidate && !o.DryRun {
				cf, err := deploy.NewCloudFront(ctx, cfg.Deploy.CloudFrontDistribution)
				if err != nil {
					fmt.Fprintf(e.stderr, "kitgen deploy: %v\n", err)
					return exitStatus(1)
				}
				o.Invalidator = cf
			}
			var n atomic.Int64
			total := 0
			if e.tty && !e.quiet {
				o.Uploaded = func(string) {
					fmt.Fprintf(e.stderr, "\rdeploying: %d of %d", n.Add(1), total)
				}
			}
			plan, err := deploy.MakePlan(ctx, o.Dir, b, o.Force)
			if err == nil {
				total = len(plan.Uploads) + len(plan.Deletes)
				plan, err = deploy.Run(ctx, o)
			}
			if o.Uploaded != nil && n.Load() > 0 {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			if plan != nil && (o.DryRun || errors.Is(err, deploy.ErrTooManyDeletes)) {
				e.printPlan(plan)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "kitgen deploy: %v\n", err)
				if plan != nil && !errors.Is(err, deploy.ErrTooManyDeletes) {
					fmt.Fprintf(e.stderr, "deploy stopped after %d of %d changes; pages are uploaded only after what they reference, so run kitgen deploy again to finish\n", n.Load(), len(plan.Uploads)+len(plan.Deletes))
				}
				return exitStatus(1)
			}
			if o.DryRun {
				fmt.Fprintf(e.stdout, "dry run: would upload %d %s (%s), delete %d, keep %d recorded kit %s; %d unchanged\n",
					len(plan.Uploads), plural(len(plan.Uploads), "file"), sizeText(plan), len(plan.Deletes),
					len(plan.Kept), plural(len(plan.Kept), "version"), plan.Unchanged)
				if invalidate {
					fmt.Fprintf(e.stdout, "would invalidate %d paths on CloudFront distribution %s\n", len(plan.InvalidationPaths()), cfg.Deploy.CloudFrontDistribution)
				}
				return nil
			}
			if !e.quiet {
				fmt.Fprintf(e.stdout, "deployed %s → %s: uploaded %d %s (%s), deleted %d, kept %d recorded kit %s; %d unchanged\n",
					o.Dir, target, len(plan.Uploads), plural(len(plan.Uploads), "file"), sizeText(plan), len(plan.Deletes),
					len(plan.Kept), plural(len(plan.Kept), "version"), plan.Unchanged)
				if o.Invalidator != nil && len(plan.InvalidationPaths()) > 0 {
					fmt.Fprintf(e.stdout, "invalidated %d paths on CloudFront distribution %s\n", len(plan.InvalidationPaths()), cfg.Deploy.CloudFrontDistribution)
				}
			}
			return nil
		},
	}
	fs := c.Flags()
	sourceFlag(fs, &src)
	fs.StringVarP(&dest, "destination", "d", "", "the built `folder` to upload (default SOURCE/public)")
	fs.StringVar(&target, "target", "", "where to upload, instead of deploy.target in kitgen.yaml: s3://, gs://, azblob:// or file:// `URL`")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print what would be uploaded and deleted, and change nothing")
	fs.IntVar(&o.MaxDeletes, "max-deletes", 256, "stop, before changing anything, a deploy that would delete more than `N` files (-1: no limit)")
	fs.BoolVar(&invalidate, "invalidate", false, "invalidate the changed paths on the CloudFront distribution in deploy.cloudfront_distribution_id")
	fs.BoolVar(&o.Force, "force", false, "upload every file, changed or not (after a change to _headers)")
	return c
}

// printPlan lists a deploy's changes in the order they are made.
func (e *env) printPlan(p *deploy.Plan) {
	for _, u := range p.Uploads {
		state := "changed"
		if u.New {
			state = "new"
		}
		cc := u.CacheControl
		if cc == "" {
			cc = "no Cache-Control"
		}
		fmt.Fprintf(e.stdout, "upload %-7s %s (%s; %s)\n", state, u.Path, u.ContentType, cc)
	}
	for _, k := range p.Deletes {
		fmt.Fprintf(e.stdout, "delete         %s\n", k)
	}
	for _, k := range p.Kept {
		fmt.Fprintf(e.stdout, "keep           %s (a recorded kit version: never deleted)\n", k)
	}
}

func sizeText(p *deploy.Plan) string {
	var n int64
	for _, u := range p.Uploads {
		n += u.Size
	}
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
