/** Topic names shared by every tokenprune service. */
package io.tokenprune.schemas.topic;
