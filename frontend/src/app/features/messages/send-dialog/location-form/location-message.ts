import { FormControl, FormGroup } from '@angular/forms';
import { MESSAGE_LIMITS } from '@convis/contracts';
import type { LocationDto } from '../../../../core/api/models/location-dto';
import { requiredValidator } from '../../../../shared/forms/validators';
import type { WhatsAppBubble } from '../../../../shared/whatsapp-preview/whatsapp-message';
import { maxCharsValidator, rangeValidator } from '../../../../shared/forms/message-validators';
import { type MessagePart, optionalText } from '../../../../shared/forms/message-part';

export function createLocationForm() {
  return new FormGroup({
    latitude: new FormControl<number | null>(null, {
      validators: [
        requiredValidator,
        rangeValidator(-90, 90, 'Latitude is a number from -90 to 90, like 52.3676.'),
      ],
    }),
    longitude: new FormControl<number | null>(null, {
      validators: [
        requiredValidator,
        rangeValidator(-180, 180, 'Longitude is a number from -180 to 180, like 4.9041.'),
      ],
    }),
    name: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.locationName)],
    }),
    address: new FormControl('', {
      nonNullable: true,
      validators: [maxCharsValidator(MESSAGE_LIMITS.locationAddress)],
    }),
  });
}

export type LocationForm = ReturnType<typeof createLocationForm>;
export type LocationValue = ReturnType<LocationForm['getRawValue']>;

export function locationMessage(form: LocationForm): MessagePart {
  const { latitude, longitude, name, address } = form.getRawValue();
  const location: LocationDto = { latitude: latitude ?? 0, longitude: longitude ?? 0 };
  const placeName = optionalText(name);
  const placeAddress = optionalText(address);
  if (placeName) location.name = placeName;
  if (placeAddress) location.address = placeAddress;
  const { controls } = form;
  return {
    content: { message_type: 'location', location },
    fields: [
      ['location', form],
      ['location.latitude', controls.latitude],
      ['location.longitude', controls.longitude],
      ['location.name', controls.name],
      ['location.address', controls.address],
    ],
  };
}

export function locationBubble({
  latitude,
  longitude,
  name,
  address,
}: LocationValue): WhatsAppBubble {
  const coordinates = latitude !== null && longitude !== null ? `${latitude}, ${longitude}` : null;
  return {
    header: {
      kind: 'location',
      label: name.trim() || coordinates,
      detail: address.trim() || (name.trim() ? coordinates : null),
    },
  };
}
