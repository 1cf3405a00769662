package dev.callbridge.cdk;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.constructs.Construct;

/**
 * The bridge's image repository, a stack of its own: it must exist before Jib pushes the image (no Docker daemon,
 * {@code ./mvnw -pl bridge jib:build}), and the service stack runs a tag from it.
 */
public final class BridgeImageStack extends Stack {
    static final int IMAGES_KEPT = 10;
    private final Repository repository;

    public BridgeImageStack(Construct scope, String id, StackProps stackProps, BridgeStackProps props) {
        super(scope, id, stackProps);
        repository = Repository.Builder.create(this, "Images").repositoryName(props.repositoryName())
                .imageScanOnPush(true).imageTagMutability(TagMutability.IMMUTABLE)
                .lifecycleRules(List.of(LifecycleRule.builder().maxImageCount(IMAGES_KEPT)
                        .description("keep the last " + IMAGES_KEPT + " images").build()))
                .removalPolicy(RemovalPolicy.DESTROY).emptyOnDelete(true).build();
        CfnOutput.Builder.create(this, "RepositoryUri").value(repository.getRepositoryUri())
                .description("./mvnw -pl bridge -am package jib:build -Djib.to.image=<this>:<tag>").build();
    }

    public Repository repository() {
        return repository;
    }
}
