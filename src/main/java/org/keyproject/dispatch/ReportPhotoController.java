package org.keyproject.dispatch;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.keyproject.people.CurrentUser;
import org.keyproject.web.HttpAnswers;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Report photos over the API, and their bytes also at /report-photos for the pages (whose session the
 * stateless API chain does not read). Outside the caller's scope a photo is not found.
 */
@RestController
class ReportPhotoController {

    private final ReportPhotos photos;

    ReportPhotoController(ReportPhotos photos) {
        this.photos = photos;
    }

    @PostMapping(path = "/api/v1/periods/{id}/reports/{projectId}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ReportPhotos.Photo> upload(@PathVariable long id, @PathVariable long projectId,
                                              @RequestParam("photo") MultipartFile file,
                                              @AuthenticationPrincipal CurrentUser me) throws IOException {
        ReportPhotos.Photo photo = photos.upload(id, projectId, file.getOriginalFilename(), file.getBytes(), me);
        return ResponseEntity.created(URI.create("/api/v1/report-photos/" + photo.id())).body(photo);
    }

    @GetMapping("/api/v1/periods/{id}/reports/{projectId}/photos")
    List<ReportPhotos.Photo> list(@PathVariable long id, @PathVariable long projectId, @AuthenticationPrincipal CurrentUser me) {
        return photos.list(id, projectId, me);
    }

    @GetMapping({"/api/v1/report-photos/{id}", "/report-photos/{id}"})
    ResponseEntity<byte[]> photo(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return serve(photos.content(id, false, me));
    }

    @GetMapping({"/api/v1/report-photos/{id}/thumbnail", "/report-photos/{id}/thumbnail"})
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return serve(photos.content(id, true, me));
    }

    private static ResponseEntity<byte[]> serve(ReportPhotos.Content content) {
        return HttpAnswers.inlineFile(content.contentType(), content.filename(), content.bytes());
    }
}
